package io.hostbridge.core.vm;

import io.hostbridge.api.vm.HostDeviceParams;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** A libvirt node device's XML ({@code <device>}) read into what Host.hostdevListByCaps reports. */
final class NodeDevices {
    private NodeDevices() {
    }

    static HostDeviceParams parse(String xml) {
        try {
            return read(xml);
        } catch (XMLStreamException | NumberFormatException e) {
            throw new IllegalStateException("libvirt's node device XML could not be read", e);
        }
    }

    private static HostDeviceParams read(String xml) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = factory.createXMLStreamReader(new StringReader(xml));
        List<String> path = new ArrayList<>();
        String capability = null;
        String parent = null;
        String driver = null;
        String vendor = null;
        String vendorId = null;
        String product = null;
        String productId = null;
        Integer iommu = null;
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event != XMLStreamConstants.START_ELEMENT) {
                    if (event == XMLStreamConstants.END_ELEMENT) {
                        path.remove(path.size() - 1);
                    }
                    continue;
                }
                String name = r.getLocalName();
                String at = String.join("/", path);
                if (at.equals("device") && name.equals("parent")) {
                    parent = r.getElementText().strip();
                    continue; // getElementText consumed the end tag
                } else if (at.equals("device/driver") && name.equals("name")) {
                    driver = r.getElementText().strip();
                    continue;
                } else if (at.equals("device") && name.equals("capability") && capability == null) {
                    capability = r.getAttributeValue(null, "type");
                } else if (at.equals("device/capability") && name.equals("vendor")) {
                    vendorId = r.getAttributeValue(null, "id");
                    vendor = r.getElementText().strip();
                    continue;
                } else if (at.equals("device/capability") && name.equals("product")) {
                    productId = r.getAttributeValue(null, "id");
                    product = r.getElementText().strip();
                    continue;
                } else if (at.equals("device/capability") && name.equals("iommuGroup")) {
                    iommu = Integer.valueOf(r.getAttributeValue(null, "number"));
                }
                path.add(name);
            }
        } finally {
            r.close();
        }
        return new HostDeviceParams(capability, parent, driver, empty(vendor), vendorId, empty(product), productId,
                iommu);
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
