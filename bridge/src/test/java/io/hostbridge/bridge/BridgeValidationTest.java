package io.hostbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import java.math.BigInteger;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What callers of any binding see when they send bad parameters: the code, and the parameter named. */
class BridgeValidationTest {
    private static final String ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private final SampleService service = new SampleService();
    private final ApiModel model = ApiModel.read("0.1.0", List.of(SampleApi.class));
    private final Bridge bridge = bridge(Authenticator.everyoneIsAdmin());
    private final Transport test = Transport.of("test", "", null);

    private Bridge bridge(Authenticator authenticator) {
        return Bridge.builder().model(model).implementation(Implementation.of(SampleApi.class, service))
                .events(new InMemoryEventBus(ID, EventBusSettings.defaults(), new InMemorySequenceAllocator(),
                        Clock.systemUTC()))
                .authenticator(authenticator).build();
    }

    private Object call(String verb, Map<String, ?> params) {
        return bridge.call(test, verb, params);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", ID);
        m.put("memSize", 1024);
        return m;
    }

    private static void assertError(ThrowingCallable call, ErrorCode code, String parameter, String... inMessage) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BridgeException.class, e -> {
            assertThat(e.error()).isEqualTo(code);
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage()).contains(inMessage);
        });
    }

    @Test
    void validCallDecodesNestedObjectsAndEncodesTheResult() {
        Map<String, Object> m = machine();
        m.put("disks", List.of(Map.of("path", "/a", "size", 10L)));
        m.put("power", "Powering up");
        m.put("custom", Map.of("k", "v"));
        Object result = call("Sample.create", Map.of("vmID", ID, "vmParams", m));
        assertThat(result).isEqualTo(Map.of("id", ID, "memSize", 1024, "power", "Powering up",
                "disks", List.of(Map.of("path", "/a", "size", 10L)), "custom", Map.of("k", "v")));
    }

    @Test
    void optionalParameterTakesItsDefault() {
        assertThat(call("Sample.add", Map.of("a", 1))).isEqualTo(6L);
        assertThat(call("Sample.add", Map.of("a", 1, "b", BigInteger.valueOf(2)))).isEqualTo(3L);
    }

    @Test
    void verbWithoutResultReturnsNull() {
        assertThat(call("Sample.nothing", Map.of())).isNull();
    }

    @Test
    void unknownVerb() {
        assertError(() -> call("Sample.nope", Map.of()), ErrorCode.UNKNOWN_VERB, null, "Sample.nope");
    }

    @Test
    void unknownParameterIsNamedWithTheAcceptedOnes() {
        assertError(() -> call("Sample.add", Map.of("a", 1, "c", 2)), ErrorCode.INVALID_PARAMETER, "c",
                "Unknown parameter 'c'", "accepted: a, b");
        assertError(() -> call("Sample.nothing", Map.of("x", 1)), ErrorCode.INVALID_PARAMETER, "x",
                "takes no parameters");
    }

    @Test
    void missingRequiredParameterIsVdsmMissParam() {
        assertError(() -> call("Sample.add", Map.of()), ErrorCode.MISSING_PARAMETER, "a", "'a'");
        assertThat(ErrorCode.MISSING_PARAMETER.code()).isEqualTo(11);
    }

    @Test
    void wrongTypesAreNamed() {
        assertError(() -> call("Sample.add", Map.of("a", "1")), ErrorCode.INVALID_PARAMETER, "a",
                "expected int, got string");
        assertError(() -> call("Sample.add", Map.of("a", 1.5)), ErrorCode.INVALID_PARAMETER, "a",
                "expected int, got float");
        assertError(() -> call("Sample.any", Map.of("flag", "true")), ErrorCode.INVALID_PARAMETER, "flag",
                "expected boolean");
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", List.of())),
                ErrorCode.INVALID_PARAMETER, "vmParams", "expected an object, got list");
    }

    @Test
    void integersOutsideTheirRangeAreRefused() {
        assertError(() -> call("Sample.add", Map.of("a", -1)), ErrorCode.INVALID_PARAMETER, "a", "below the minimum 0");
        assertError(() -> call("Sample.add", Map.of("a", 1001)), ErrorCode.INVALID_PARAMETER, "a", "above the maximum 1000");
        assertError(() -> call("Sample.add", Map.of("a", 1, "b", new BigInteger("99999999999999999999"))),
                ErrorCode.INVALID_PARAMETER, "b", "expected long");
        Map<String, Object> m = machine();
        m.put("memSize", 3_000_000_000L);
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", m)), ErrorCode.INVALID_PARAMETER,
                "vmParams.memSize", "above the maximum 65536");
    }

    @Test
    void uuidsMustBeCanonical() {
        for (String bad : new String[] {"abc", "3f2504e0-4f89-11d3-9a0c-0305e82c330", "1-1-1-1-1", "../../etc/passwd"}) {
            assertError(() -> call("Sample.create", Map.of("vmID", bad, "vmParams", machine())),
                    ErrorCode.INVALID_PARAMETER, "vmID", "not a UUID");
        }
    }

    @Test
    void nestedErrorsNameTheFieldPath() {
        Map<String, Object> m = machine();
        m.put("disks", List.of(Map.of("path", "/a", "size", 0)));
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", m)), ErrorCode.INVALID_PARAMETER,
                "vmParams.disks[0].size", "below the minimum 1");
        m.put("disks", List.of(Map.of("path", "x".repeat(65), "size", 1)));
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", m)), ErrorCode.INVALID_PARAMETER,
                "vmParams.disks[0].path", "longer than 64");
        Map<String, Object> unknownField = machine();
        unknownField.put("memsize", 1);
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", unknownField)),
                ErrorCode.INVALID_PARAMETER, "vmParams.memsize", "unknown field", "memSize");
        Map<String, Object> missing = machine();
        missing.remove("memSize");
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", missing)),
                ErrorCode.MISSING_PARAMETER, "vmParams.memSize", "Missing required field");
        Map<String, Object> badEnum = machine();
        badEnum.put("power", "up");
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", badEnum)),
                ErrorCode.INVALID_PARAMETER, "vmParams.power", "expected one of [Powering up, Up]");
    }

    @Test
    void declaredSizesOfListsAndMapsAreChecked() {
        assertThat(call("Sample.count", Map.of("names", List.of("ab", "cd")))).isEqualTo(2);
        assertError(() -> call("Sample.count", Map.of("names", List.of("a", "b", "c"))), ErrorCode.INVALID_PARAMETER,
                "names", "at most 2 items, got 3");
        assertError(() -> call("Sample.count", Map.of("names", List.of("abcdef"))), ErrorCode.INVALID_PARAMETER,
                "names[0]", "longer than 5");
        Map<String, Object> m = machine();
        m.put("custom", Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", m)), ErrorCode.INVALID_PARAMETER,
                "vmParams.custom", "at most 3 entries, got 4");
        m.put("custom", Map.of("ninechars", "1"));
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", m)), ErrorCode.INVALID_PARAMETER,
                "vmParams.custom", "keys must have at most 8 characters");
        m.put("custom", Map.of("k", "x".repeat(17)));
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", m)), ErrorCode.INVALID_PARAMETER,
                "vmParams.custom.k", "longer than 16");
    }

    @Test
    void recoveryGatesStopEveryVerbButThoseServedDuringRecovery() {
        Bridge recovering = Bridge.builder().model(model).implementation(Implementation.of(SampleApi.class, service))
                .events(new InMemoryEventBus(ID, EventBusSettings.defaults(), new InMemorySequenceAllocator(),
                        Clock.systemUTC()))
                .gates(List.of(verb -> {
                    throw BridgeException.of(ErrorCode.RECOVERY, "recovering");
                })).build();
        assertThat(recovering.call(test, "Sample.add", Map.of("a", 1))).isEqualTo(6L);
        assertError(() -> recovering.call(test, "Sample.nothing", Map.of()), ErrorCode.RECOVERY, null, "recovering");
    }

    @Test
    void crossFieldRulesOfARecordReachTheCaller() {
        Map<String, Object> m = machine();
        m.put("disks", List.of(Map.of("path", "/a", "size", 1), Map.of("path", "/a", "size", 1),
                Map.of("path", "/a", "size", 1), Map.of("path", "/a", "size", 1), Map.of("path", "/a", "size", 1)));
        assertError(() -> call("Sample.create", Map.of("vmID", ID, "vmParams", m)), ErrorCode.INVALID_PARAMETER,
                "vmParams", "at most 4 disks");
    }

    @Test
    void untypedValuesArriveNormalized() {
        call("Sample.any", Map.of("value", new Object[] {1, "x", new Object[] {true}}));
        assertThat(service.lastAny).isEqualTo(List.of(1, "x", List.of(true)));
    }

    @Test
    void accessLevelIsCheckedInTheBridge() {
        Bridge readOnly = bridge(transport -> new Caller("bob", AccessLevel.READ));
        assertError(() -> readOnly.call(test, "Sample.create", Map.of("vmID", ID, "vmParams", machine())),
                ErrorCode.ACCESS_DENIED, null, "needs write access", "bob has read");
        assertThat(service.creates).hasValue(0);
        assertThat(readOnly.call(test, "Sample.add", Map.of("a", 1))).isEqualTo(6L);
    }

    @Test
    void expectedErrorsKeepTheirCodeAndInternalsStayInTheLog() {
        assertError(() -> call("Sample.fail", Map.of("how", "expected")), ErrorCode.EXIST, null, "it exists");
        assertThatThrownBy(() -> call("Sample.fail", Map.of("how", "internal")))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorCode.GENERAL);
                    assertThat(e.errorId()).matches("[0-9a-f-]{36}");
                    assertThat(e.getMessage()).contains(e.errorId()).doesNotContain("secret", "/var/lib");
                });
    }

    @Test
    void subscribeValidatesTopics() {
        assertError(() -> bridge.subscribe(test, "vm*", null), ErrorCode.INVALID_PARAMETER, "topics", "vm*");
        assertError(() -> bridge.subscribe(test, null, -1L), ErrorCode.INVALID_PARAMETER, "afterSeq", "negative");
        bridge.subscribe(test, "sample.#", 0L).close();
    }

    @Test
    void positionalArgumentsFollowDeclarationOrder() {
        assertThat(model.requireVerb("Sample.add").namePositional(List.of(1, 2))).isEqualTo(Map.of("a", 1, "b", 2));
        assertError(() -> model.requireVerb("Sample.add").namePositional(List.of(1, 2, 3)),
                ErrorCode.INVALID_PARAMETER, null, "at most 2");
    }
}
