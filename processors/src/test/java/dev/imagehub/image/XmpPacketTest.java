package dev.imagehub.image;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The XMP packet under each policy: GPS and orientation in attribute and element form, copyright-only packets. */
class XmpPacketTest {
    /** A darktable-style packet: simple properties as attributes, GPS and dc structures as elements. */
    static final String SAMPLE = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
            + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
            + "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
            + " xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\""
            + " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
            + " tiff:Orientation=\"6\" exif:GPSLatitude=\"43,17.0N\" xmp:CreatorTool=\"darktable 3.6.1\" tiff:ImageWidth=\"3000\">\n"
            + "   <exif:GPSLongitude>2,50.0W</exif:GPSLongitude>\n"
            + "   <dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">(c) Stef Binde</rdf:li></rdf:Alt></dc:rights>\n"
            + "   <dc:creator><rdf:Seq><rdf:li>Stef Binde</rdf:li></rdf:Seq></dc:creator>\n"
            + "  </rdf:Description>\n"
            + " </rdf:RDF>\n"
            + "</x:xmpmeta>\n"
            + "<?xpacket end=\"w\"?>" + " ".repeat(200);

    @Test
    void should_remove_gps_and_set_the_orientation_when_keeping_all_without_gps() throws Exception {
        // when
        byte[] out = XmpPacket.forPolicy(SAMPLE.getBytes(StandardCharsets.UTF_8), MetadataPolicy.ALL, false, 1);

        // then
        Element d = description(out);
        assertThat(d.getAttributeNS(XmpPacket.NS_TIFF, "Orientation")).isEqualTo("1");
        assertThat(d.hasAttributeNS(XmpPacket.NS_EXIF, "GPSLatitude")).isFalse();
        assertThat(d.getElementsByTagNameNS(XmpPacket.NS_EXIF, "GPSLongitude").getLength()).isZero();
        assertThat(d.hasAttributeNS(XmpPacket.NS_TIFF, "ImageWidth")).as("stale source size").isFalse();
        assertThat(d.getAttributeNS(XmpPacket.NS_XMP, "CreatorTool")).isEqualTo("darktable 3.6.1");
        assertThat(d.getElementsByTagNameNS(XmpPacket.NS_DC, "rights").item(0).getTextContent()).contains("(c) Stef Binde");
        assertThat(new String(out, StandardCharsets.UTF_8)).startsWith("<?xpacket begin=").endsWith("<?xpacket end=\"w\"?>");
    }

    @Test
    void should_keep_gps_when_allowed() throws Exception {
        Element d = description(XmpPacket.forPolicy(SAMPLE.getBytes(StandardCharsets.UTF_8), MetadataPolicy.ALL, true, 6));
        assertThat(d.getAttributeNS(XmpPacket.NS_EXIF, "GPSLatitude")).isEqualTo("43,17.0N");
        assertThat(d.getElementsByTagNameNS(XmpPacket.NS_EXIF, "GPSLongitude").getLength()).isEqualTo(1);
        assertThat(d.getAttributeNS(XmpPacket.NS_TIFF, "Orientation")).isEqualTo("6");
    }

    @Test
    void should_keep_only_rights_and_creator_with_the_copyright_policy() throws Exception {
        // when
        byte[] out = XmpPacket.forPolicy(SAMPLE.getBytes(StandardCharsets.UTF_8), MetadataPolicy.COPYRIGHT, true, 1);

        // then
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("GPS").doesNotContain("Orientation").doesNotContain("darktable");
        Element d = description(out);
        assertThat(d.getElementsByTagNameNS(XmpPacket.NS_DC, "rights").item(0).getTextContent()).contains("(c) Stef Binde");
        assertThat(d.getElementsByTagNameNS(XmpPacket.NS_DC, "creator").item(0).getTextContent()).contains("Stef Binde");
    }

    @Test
    void should_write_nothing_for_the_copyright_policy_without_rights_or_creator() {
        String noRights = SAMPLE.replaceAll("(?s)<dc:rights>.*</dc:creator>", "");
        assertThat(XmpPacket.forPolicy(noRights.getBytes(StandardCharsets.UTF_8), MetadataPolicy.COPYRIGHT, true, 1)).isNull();
    }

    @Test
    void should_refuse_packets_that_are_not_xml_or_declare_entities() {
        assertThatThrownBy(() -> XmpPacket.forPolicy("<x:xmpmeta".getBytes(StandardCharsets.UTF_8), MetadataPolicy.ALL, true, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XMP");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&e;</x:xmpmeta>";
        assertThatThrownBy(() -> XmpPacket.forPolicy(xxe.getBytes(StandardCharsets.UTF_8), MetadataPolicy.ALL, true, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Element description(byte[] xmp) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xmp));
        return (Element) doc.getElementsByTagNameNS(XmpPacket.NS_RDF, "Description").item(0);
    }
}
