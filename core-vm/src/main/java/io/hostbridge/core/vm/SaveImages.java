package io.hostbridge.core.vm;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The domain XML a save file holds (VM.hibernate's, a memory snapshot's), made to start on the VM's drives of now: a
 * memory snapshot's file names the disks as they were when it was taken, which are read-only backing files since;
 * the restored VM runs on new volumes over them, as the caller gives them in VM.create. Only the disks' sources
 * change (libvirt refuses a restore XML whose devices differ from the saved ones).
 */
final class SaveImages {
    private SaveImages() {
    }

    /** Whether the saved XML is the domain {@code uuid}'s. */
    static boolean isOf(String savedXml, java.util.UUID uuid) throws Exception {
        NodeList ids = parse(savedXml).getDocumentElement().getElementsByTagName("uuid");
        return ids.getLength() > 0 && uuid.toString().equalsIgnoreCase(ids.item(0).getTextContent().strip());
    }

    /**
     * The saved XML with each file disk whose target is in {@code targets} on the matching path of {@code paths}
     * (its backing-chain description dropped: libvirt reads the new file's chain itself).
     */
    static String onDrives(String savedXml, List<String> targets, List<Path> paths) throws Exception {
        Document doc = parse(savedXml);
        NodeList disks = doc.getElementsByTagName("disk");
        for (int i = 0; i < disks.getLength(); i++) {
            Element disk = (Element) disks.item(i);
            Element target = child(disk, "target");
            Element source = child(disk, "source");
            int index = target == null ? -1 : targets.indexOf(target.getAttribute("dev"));
            if (index < 0 || source == null || paths.get(index) == null || !source.hasAttribute("file")) {
                continue;
            }
            source.setAttribute("file", paths.get(index).toString());
            for (Element backing = child(disk, "backingStore"); backing != null; backing = child(disk,
                    "backingStore")) {
                disk.removeChild(backing);
            }
        }
        StringWriter out = new StringWriter();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        transformer.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
