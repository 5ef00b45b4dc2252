package io.hostbridge.binding.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestListenerTest {
    @Test
    void countsUtf8BytesAsTheEncoderWouldWriteThem() {
        for (String s : new String[] {"", "abc", "é", "€", "😀", "a\uD800b", "\uDC00", "x😀é€"}) {
            assertThat(RequestListener.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
