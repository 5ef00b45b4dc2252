package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The consoles and screens of a domain, from libvirt's live XML as QEMU's driver and the test driver write it. */
class DomainDevicesTest {
    /** QEMU's live XML of a VM the agent made, trimmed (libvirt 9.0): a pty serial port and its console. */
    private static final String QEMU = """
            <domain type='qemu' id='3'>
              <name>vm</name>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <serial type='pty'>
                  <source path='/dev/pts/0'/>
                  <target type='isa-serial' port='0'><model name='isa-serial'/></target>
                  <alias name='serial0'/>
                </serial>
                <serial type='file'>
                  <source path='/var/log/x.log'/>
                  <alias name='serial1'/>
                </serial>
                <console type='pty' tty='/dev/pts/0'>
                  <source path='/dev/pts/0'/>
                  <target type='serial' port='0'/>
                  <alias name='serial0'/>
                </console>
                <video>
                  <model type='vga' vram='16384' heads='1' primary='yes'/>
                  <alias name='video0'/>
                </video>
                <video>
                  <model type='qxl' heads='2'/>
                </video>
              </devices>
              <seclabel type='dynamic' model='dac'><label>+64055:+64055</label></seclabel>
            </domain>
            """;

    @Test
    void ptyConsolesByAliasAndTheScreensOfAllVideoDevices() throws Exception {
        DomainDevices devices = DomainDevices.parse(QEMU);
        assertThat(devices.consoles()).containsExactly(new DomainDevices.Console("serial", "serial0"),
                new DomainDevices.Console("console", "serial0"));
        assertThat(devices.names()).containsExactly("serial0");
        assertThat(devices.console(null).alias()).isEqualTo("serial0");
        assertThat(devices.console("serial0")).isNotNull();
        assertThat(devices.console("serial1")).as("a file-backed serial port is no console").isNull();
        assertThat(devices.screens()).isEqualTo(3);
    }

    @Test
    void theTestDriverNamesNothingAndAVmWithoutDevicesHasNoConsoleAndNoScreen() throws Exception {
        DomainDevices test = DomainDevices.parse("<domain type='test'><devices><serial type='pty'><target port='0'/>"
                + "</serial><console type='pty'><target type='serial' port='0'/></console></devices></domain>");
        assertThat(test.consoles()).hasSize(2);
        assertThat(test.names()).isEmpty();
        assertThat(test.console(null)).isNotNull();
        assertThat(test.console("serial0")).isNull();

        DomainDevices bare = DomainDevices.parse("<domain><devices><video><model type='none'/></video></devices>"
                + "</domain>");
        assertThat(bare.consoles()).isEmpty();
        assertThat(bare.screens()).isZero();
    }

    @Test
    void aDocumentTypeIsNotFollowed() {
        assertThatThrownBy(() -> DomainDevices.parse("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<domain><devices>&x;</devices></domain>")).isInstanceOf(javax.xml.stream.XMLStreamException.class);
    }
}
