package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NicsTest {

    @ParameterizedTest
    @CsvSource({
            "fe80:0:0:0:fc:ff:fe00:1, fe80::fc:ff:fe00:1",
            "0:0:0:0:0:0:0:1, ::1",
            "fd00:0:0:0:0:0:0:2, fd00::2",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "fe80:0:0:0:fc:ff:fe00:1%eth0, fe80::fc:ff:fe00:1",
            "FE80::1, fe80::1",
            "0:0:0:0:0:0:0:0, ::"})
    void ipv6AddressesAreWrittenAsIpDoes(String java, String expected) {
        assertThat(Nics.compressIpv6(java)).isEqualTo(expected);
    }

    @Test
    void cpuFlagsAreTheFirstFlagsLineCommaSeparated() {
        assertThat(CpuFlags.parse(List.of("processor\t: 0", "flags\t\t: fpu vme  de pse", "flags\t: other")))
                .contains("fpu,vme,de,pse");
        assertThat(CpuFlags.parse(List.of("Features\t: fp asimd evtstrm"))).contains("fp,asimd,evtstrm");
        assertThat(CpuFlags.parse(List.of("model name\t: x", "flags\t:"))).isEmpty();
        assertThat(CpuFlags.parse(List.of())).isEmpty();
    }
}
