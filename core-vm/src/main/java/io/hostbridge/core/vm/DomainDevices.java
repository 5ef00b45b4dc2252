package io.hostbridge.core.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The devices of a running domain that its streams need, read from libvirt's live XML: the character devices a
 * console can attach to, and the screens of its video devices.
 *
 * @param consoles the serial, console and parallel devices on a pty (what {@code virDomainOpenConsole} opens), in
 *                 document order
 * @param screens  the heads of all video devices (0: no display)
 */
record DomainDevices(List<Console> consoles, int screens) {
    private static final Set<String> CONSOLE_KINDS = Set.of("serial", "console", "parallel");

    /**
     * A character device a console can attach to.
     *
     * @param kind  {@code serial}, {@code console} or {@code parallel}
     * @param alias libvirt's name for it (e.g. {@code serial0}), what {@code devname} names; null where the driver
     *              gives none (the test driver)
     */
    record Console(String kind, String alias) {
    }

    DomainDevices {
        consoles = List.copyOf(consoles);
    }

    /** The console {@code devname} names, or the first one when it is null; null when there is no such console. */
    Console console(String devname) {
        for (Console c : consoles) {
            if (devname == null || devname.equals(c.alias())) {
                return c;
            }
        }
        return null;
    }

    /** The consoles' names, each once, for messages. */
    List<String> names() {
        return consoles.stream().map(Console::alias).filter(a -> a != null).distinct().toList();
    }

    static DomainDevices parse(String xml) throws XMLStreamException {
        XMLStreamReader r = XmlTree.reader(xml);
        List<Console> consoles = new ArrayList<>();
        int screens = 0;
        List<String> path = new ArrayList<>();
        String kind = null;
        String alias = null;
        int heads = 0;
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    // a device is a child of /domain/devices; its alias and model are its own children
                    if (path.size() == 2 && path.get(1).equals("devices")) {
                        kind = CONSOLE_KINDS.contains(name) && "pty".equals(r.getAttributeValue(null, "type"))
                                ? name : name.equals("video") ? name : null;
                        alias = null;
                        heads = 1;
                    } else if (path.size() == 3 && kind != null) {
                        if (name.equals("alias")) {
                            alias = r.getAttributeValue(null, "name");
                        } else if (name.equals("model") && kind.equals("video")) {
                            heads = heads(r.getAttributeValue(null, "heads"), r.getAttributeValue(null, "type"));
                        }
                    }
                    path.add(name);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    path.remove(path.size() - 1);
                    if (path.size() == 2 && kind != null) {
                        if (kind.equals("video")) {
                            screens += heads;
                        } else {
                            consoles.add(new Console(kind, alias));
                        }
                        kind = null;
                    }
                }
            }
        } finally {
            r.close();
        }
        return new DomainDevices(consoles, screens);
    }

    /** A video model's heads: 1 unless it says otherwise; none for {@code type='none'} (no display at all). */
    private static int heads(String heads, String type) {
        if ("none".equals(type)) {
            return 0;
        }
        try {
            return heads == null ? 1 : Math.max(0, Integer.parseInt(heads));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
