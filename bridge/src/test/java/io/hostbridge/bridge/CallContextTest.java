package io.hostbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The flow id every binding passes on from its caller: kept when fit for a log line, replaced otherwise. */
class CallContextTest {
    private static String flow(String sent) {
        return CallContext.unauthenticated("test", "", sent).flowId();
    }

    @Test
    void aPrintableFlowIdIsKept() {
        assertThat(flow("manager-42:abc")).isEqualTo("manager-42:abc");
        assertThat(flow("x".repeat(CallContext.MAX_FLOW_ID))).hasSize(CallContext.MAX_FLOW_ID);
    }

    @Test
    void missingOrOddFlowIdsAreReplacedByAFreshOne() {
        for (String odd : new String[] {null, "", "  ", "x".repeat(CallContext.MAX_FLOW_ID + 1), "two words",
                "line\nbreak", "caf\u00e9"}) {
            assertThat(flow(odd)).as(String.valueOf(odd)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }
}
