package io.hostbridge.core.vm;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An element of a small XML document libvirt gives or takes (a backup, a checkpoint, a domain's metadata): its local
 * name, attributes, text and child elements. Parsed without DTDs or external entities.
 */
final class XmlTree {
    final String name;
    final Map<String, String> attrs = new LinkedHashMap<>();
    final List<XmlTree> children = new ArrayList<>();
    String text = "";

    private XmlTree(String name) {
        this.name = name;
    }

    /** The first child element named {@code name}. */
    Optional<XmlTree> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    /** A reader of libvirt's XML (or a caller's): no DTDs, no external entities. */
    static XMLStreamReader reader(String xml) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory.createXMLStreamReader(new StringReader(xml));
    }

    static XmlTree parse(String xml) throws XMLStreamException {
        XMLStreamReader r = reader(xml);
        List<XmlTree> open = new ArrayList<>();
        XmlTree root = null;
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    XmlTree n = new XmlTree(r.getLocalName());
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        n.attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                    }
                    if (open.isEmpty()) {
                        root = n;
                    } else {
                        open.get(open.size() - 1).children.add(n);
                    }
                    open.add(n);
                } else if (event == XMLStreamConstants.CHARACTERS && !open.isEmpty()) {
                    XmlTree n = open.get(open.size() - 1);
                    n.text = n.text + r.getText();
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    open.remove(open.size() - 1);
                }
            }
        } finally {
            r.close();
        }
        if (root == null) {
            throw new XMLStreamException("no element");
        }
        return root;
    }
}
