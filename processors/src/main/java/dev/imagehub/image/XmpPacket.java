package dev.imagehub.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Applies the metadata policy to an XMP packet (RDF/XML): with {@code all} it removes GPS properties when GPS is
 * forced off, makes {@code tiff:Orientation} agree with the pixels and drops stale sizes and thumbnails; with
 * {@code copyright} it builds a new packet holding only {@code dc:rights} and {@code dc:creator}.
 */
public final class XmpPacket {
    static final String NS_X = "adobe:ns:meta/";
    static final String NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    static final String NS_DC = "http://purl.org/dc/elements/1.1/";
    static final String NS_EXIF = "http://ns.adobe.com/exif/1.0/";
    static final String NS_TIFF = "http://ns.adobe.com/tiff/1.0/";
    static final String NS_XMP = "http://ns.adobe.com/xap/1.0/";
    private static final String PACKET_BEGIN = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>";
    private static final String PACKET_END = "<?xpacket end=\"w\"?>";

    private XmpPacket() {
    }

    /**
     * The packet to write under {@code policy}, or null when nothing is left. Throws IllegalArgumentException when the
     * packet is not well-formed XML.
     */
    public static byte[] forPolicy(byte[] xmp, MetadataPolicy policy, boolean gps, int orientation) {
        if (xmp == null || policy == MetadataPolicy.STRIP) return null;
        Document doc = parse(xmp);
        if (policy == MetadataPolicy.COPYRIGHT) return copyrightOnly(doc);
        clean(doc.getDocumentElement(), gps, orientation);
        return serialise(doc.getDocumentElement());
    }

    private static void clean(Element element, boolean gps, int orientation) {
        NamedNodeMap attrs = element.getAttributes();
        List<Attr> drop = new ArrayList<>();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (isOrientation(a)) a.setValue(Integer.toString(orientation));
            else if (stale(a, gps)) drop.add(a);
        }
        drop.forEach(element::removeAttributeNode);
        NodeList children = element.getChildNodes();
        for (int i = children.getLength() - 1; i >= 0; i--) {
            if (!(children.item(i) instanceof Element child)) continue;
            if (isOrientation(child)) child.setTextContent(Integer.toString(orientation));
            else if (stale(child, gps)) element.removeChild(child);
            else clean(child, gps, orientation);
        }
    }

    private static boolean isOrientation(Node n) {
        return NS_TIFF.equals(n.getNamespaceURI()) && "Orientation".equals(n.getLocalName());
    }

    // GPS (when forced off), sizes of the source image and embedded thumbnails no longer describe the output.
    private static boolean stale(Node n, boolean gps) {
        String ns = n.getNamespaceURI();
        String name = n.getLocalName();
        if (ns == null || name == null) return false;
        if (NS_EXIF.equals(ns)) {
            return (!gps && name.startsWith("GPS")) || name.equals("PixelXDimension") || name.equals("PixelYDimension");
        }
        if (NS_TIFF.equals(ns)) return name.equals("ImageWidth") || name.equals("ImageLength");
        return NS_XMP.equals(ns) && name.equals("Thumbnails");
    }

    private static byte[] copyrightOnly(Document source) {
        List<Element> kept = new ArrayList<>();
        NodeList descriptions = source.getElementsByTagNameNS(NS_RDF, "Description");
        for (int i = 0; i < descriptions.getLength(); i++) {
            NodeList children = descriptions.item(i).getChildNodes();
            for (int j = 0; j < children.getLength(); j++) {
                if (children.item(j) instanceof Element e && NS_DC.equals(e.getNamespaceURI())
                        && ("rights".equals(e.getLocalName()) || "creator".equals(e.getLocalName()))) {
                    kept.add(e);
                }
            }
        }
        if (kept.isEmpty()) return null;
        Document doc = builder().newDocument();
        Element meta = doc.createElementNS(NS_X, "x:xmpmeta");
        Element rdf = doc.createElementNS(NS_RDF, "rdf:RDF");
        Element desc = doc.createElementNS(NS_RDF, "rdf:Description");
        desc.setAttributeNS(NS_RDF, "rdf:about", "");
        desc.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:dc", NS_DC);
        for (Element e : kept) desc.appendChild(doc.importNode(e, true));
        rdf.appendChild(desc);
        meta.appendChild(rdf);
        doc.appendChild(meta);
        return serialise(meta);
    }

    private static Document parse(byte[] xmp) {
        try {
            int end = xmp.length;
            while (end > 0 && (xmp[end - 1] == 0 || xmp[end - 1] == ' ' || xmp[end - 1] == '\n')) end--;   // padding
            return builder().parse(new ByteArrayInputStream(xmp, 0, end));
        } catch (Exception e) {
            throw new IllegalArgumentException("the XMP packet is not well-formed XML (" + e.getMessage() + ")", e);
        }
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // metadata from an uploaded file is untrusted: no DTDs, no external entities
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException("no XML parser available", e);
        }
    }

    private static byte[] serialise(Element root) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(PACKET_BEGIN.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            t.transform(new DOMSource(root), new StreamResult(out));
            out.write('\n');
            out.writeBytes(PACKET_END.getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("the XMP packet could not be written: " + e.getMessage(), e);
        }
    }
}
