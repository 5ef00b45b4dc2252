package io.hostbridge.binding.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.bridge.SampleBridge;
import io.hostbridge.bridge.Transport;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One XML-RPC call, from decoded arguments to the reply envelope, against a real bridge. */
class DispatcherTest {
    private static final String ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private static final LegacyNames.Entry CREATE = new LegacyNames.Entry("create", "Sample.create", "vmList",
            List.of("vmParams"), LegacyNamesTest::vmIdFromParams);
    private final Dispatcher dispatcher = new Dispatcher(SampleBridge.create(), List.of(
            LegacyNames.Entry.of("add", "Sample.add", "sum", "b", "a"), CREATE,
            LegacyNames.Entry.of("nothing", "Sample.nothing", null),
            LegacyNames.Entry.of("getVdsCapabilities", "Host.getCapabilities", "info")));
    private final Transport caller = Transport.of("xmlrpc", "127.0.0.1:1", null);

    private Map<String, Object> call(String method, Object... args) {
        return dispatcher.call(method, List.of(args), caller);
    }

    private static Map<?, ?> status(Map<String, Object> reply) {
        return (Map<?, ?>) reply.get("status");
    }

    private static void assertFailure(Map<String, Object> reply, int code, String... inMessage) {
        assertThat(reply).containsOnlyKeys("status");
        assertThat(status(reply).get("code")).isEqualTo(code);
        assertThat((String) status(reply).get("message")).contains(inMessage);
    }

    @Test
    void namespacedNamesTakeArgumentsInDeclarationOrderAndReplyUnderResult() {
        Map<String, Object> reply = call("Sample.add", 1, "5000000000");
        assertThat(reply).isEqualTo(Map.of("status", Map.of("code", 0, "message", "Done"), "result", "5000000001"));
    }

    @Test
    void legacyNamesTakeTheTablesOrderAndPayloadKey() {
        assertThat(call("add", "10", 1)).containsEntry("sum", "11");
    }

    @Test
    void aVerbWithoutResultRepliesWithTheStatusAlone() {
        assertThat(call("Sample.nothing")).isEqualTo(Map.of("status", Map.of("code", 0, "message", "Done")));
        assertThat(call("nothing")).containsOnlyKeys("status");
    }

    @Test
    void longsInsideStructsAndArraysAcceptDecimalStringsAndComeBackAsStrings() {
        Map<String, Object> vm = Map.of("id", ID, "memSize", 1024,
                "disks", new Object[] {Map.of("path", "/a", "size", "10737418240"), Map.of("path", "/b", "size", 5)});
        Map<String, Object> reply = call("Sample.create", ID, vm);
        assertThat(reply.get("result")).isEqualTo(Map.of("id", ID, "memSize", 1024, "disks",
                List.of(Map.of("path", "/a", "size", "10737418240"), Map.of("path", "/b", "size", "5"))));
    }

    @Test
    void aLegacyEntryCanRewriteItsArguments() {
        Map<String, Object> reply = call("create", Map.of("id", ID, "memSize", 512));
        assertThat(reply.get("vmList")).isEqualTo(Map.of("id", ID, "memSize", 512));
    }

    @Test
    void bridgeErrorsAreTheStatusNotAFault() {
        assertFailure(call("Sample.fail", "expected"), 4, "it exists");
    }

    @Test
    void unexpectedFailuresSendOnlyAnErrorId() {
        Map<String, Object> reply = call("Sample.fail", "internal");
        assertFailure(reply, 100, "error id");
        assertThat(reply.toString()).doesNotContain("secret", "/var/lib", "IllegalStateException");
    }

    @Test
    void aLegacyNameWhoseVerbIsNotServedIsAnUnknownMethod() {
        // this bridge has no Host namespace: the table's entry for it is left out, not an error at start
        assertFailure(call("getVdsCapabilities"), 5001, "getVdsCapabilities", "neither a VDSM name");
    }

    @Test
    void unknownMethodsAre5001NamingTheMethod() {
        assertFailure(call("noSuchThing"), 5001, "noSuchThing");
        assertFailure(call("Sample.noSuchVerb"), 5001, "Sample.noSuchVerb");
    }

    @Test
    void parameterErrorsNameTheParameter() {
        assertFailure(call("Sample.add"), 11, "'a'");
        assertFailure(call("Sample.add", "one"), 5002, "'a'");
        assertFailure(call("Sample.add", 1, "lots"), 5002, "'b'");
        assertFailure(call("Sample.add", 1, "99999999999999999999"), 5002, "'b'");
        assertFailure(call("Sample.add", 1, 2, 3), 5002, "at most 2");
        assertFailure(call("add", 1, 2, 3), 5002, "add takes at most 2 arguments (b, a), got 3");
    }

    @Test
    void base64AndDateTimeValuesAreRefusedNamingTheParameter() {
        assertFailure(call("Sample.any", (Object) new byte[] {1}), 5002, "'value'", "base64");
        assertFailure(call("Sample.any", Map.of("when", new Date())), 5002, "'value.when'", "dateTime.iso8601");
    }

    @Test
    void arraysBecomeListsForUntypedParameters() {
        assertThat(call("Sample.any", (Object) new Object[] {1, "x", new Object[] {true}}))
                .containsEntry("result", List.of(1, "x", List.of(true)));
    }

    @Test
    void aTableThatDoesNotFitTheApiStopsTheBinding() {
        assertThatThrownBy(() -> new Dispatcher(SampleBridge.create(), List.of(
                LegacyNames.Entry.of("add", "Sample.add", "sum", "a", "c"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no parameter 'c'");
    }
}
