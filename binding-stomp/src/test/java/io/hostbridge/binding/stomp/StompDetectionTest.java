package io.hostbridge.binding.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.http.SharedPortProtocol.Detection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StompDetectionTest {
    private static Detection detect(String first) {
        byte[] bytes = first.getBytes(StandardCharsets.US_ASCII);
        return new StompProtocol(null).detect(bytes, bytes.length);
    }

    @Test
    void aStompCommandLineIsStomp() {
        assertThat(detect("CONNECT\naccept-version:1.2")).isEqualTo(Detection.YES);
        assertThat(detect("SUBSCRIBE\r\n")).isEqualTo(Detection.YES);
        assertThat(detect("SEND\n")).isEqualTo(Detection.YES);
        assertThat(detect("STOMP\n")).isEqualTo(Detection.YES);
    }

    @Test
    void httpIsNot() {
        assertThat(detect("GET / HTTP/1.1\r\n")).isEqualTo(Detection.NO);
        assertThat(detect("CONNECT host:443 HTTP/1.1")).as("HTTP's CONNECT method").isEqualTo(Detection.NO);
        assertThat(detect("POST /RPC2")).isEqualTo(Detection.NO);
        assertThat(detect("SENDER\n")).isEqualTo(Detection.NO);
        assertThat(detect("\u0016\u0003\u0001")).isEqualTo(Detection.NO);
    }

    @Test
    void aBeginningThatCouldBeEitherWaits() {
        assertThat(detect("CON")).isEqualTo(Detection.MORE);
        assertThat(detect("CONNECT")).isEqualTo(Detection.MORE);
        assertThat(detect("SEND\r")).isEqualTo(Detection.MORE);
        assertThat(detect("")).isEqualTo(Detection.MORE);
    }
}
