package dev.imagehub.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.iptc.IPTC;
import com.twelvemonkeys.imageio.metadata.iptc.IPTCReader;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.psd.PSD;
import com.twelvemonkeys.imageio.metadata.psd.PSDReader;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;

/**
 * The title a picture carries itself, as photo tools write it: XMP {@code dc:title} (Lightroom, darktable), else IPTC
 * Object Name or Headline (older tools), else EXIF Windows Title or Image Description. Failing all, a title made from
 * the file name ({@code summer-beach_02.jpg} gives "Summer beach 02"). Read with TwelveMonkeys' metadata readers.
 */
public final class PictureTitle {
    private static final int TAG_XP_TITLE = 0x9C9B;
    private static final int TAG_IMAGE_DESCRIPTION = 0x010E;
    private static final int MAX_LENGTH = 200;

    private PictureTitle() {
    }

    /** The embedded title of {@code bytes}, or empty. */
    public static Optional<String> embedded(byte[] bytes, ImageInfo info) {
        if (bytes == null || info == null) return Optional.empty();
        return first(xmp(bytes, info.format()), info.format() == ImageFormat.JPEG ? iptc(bytes) : null, exif(info.exif()));
    }

    /** A title from a file name: extension dropped, dashes and underscores as spaces, the first letter capitalised. */
    public static String fromFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = (dot > 0 ? fileName.substring(0, dot) : fileName).replaceAll("[_\\-.]+", " ").strip().replaceAll("\\s+", " ");
        if (stem.isEmpty()) return fileName;
        return stem.substring(0, 1).toUpperCase(Locale.ROOT) + stem.substring(1);
    }

    private static Optional<String> first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                String t = c.strip().replaceAll("\\s+", " ");
                return Optional.of(t.length() <= MAX_LENGTH ? t : t.substring(0, MAX_LENGTH));
            }
        }
        return Optional.empty();
    }

    // dc:title (its x-default alternative first), else photoshop:Headline
    private static String xmp(byte[] bytes, ImageFormat format) {
        byte[] packet = SourceMetadata.xmp(bytes, format);
        if (packet == null) return null;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(packet));
            NodeList titles = doc.getElementsByTagNameNS(XmpPacket.NS_DC, "title");
            for (int i = 0; i < titles.getLength(); i++) {
                NodeList items = ((Element) titles.item(i)).getElementsByTagNameNS(XmpPacket.NS_RDF, "li");
                String fallback = null;
                for (int j = 0; j < items.getLength(); j++) {
                    Element li = (Element) items.item(j);
                    String lang = li.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang");
                    if ("x-default".equals(lang)) return li.getTextContent();
                    if (fallback == null) fallback = li.getTextContent();
                }
                if (fallback != null) return fallback;
                if (!titles.item(i).getTextContent().isBlank()) return titles.item(i).getTextContent();
            }
            NodeList headlines = doc.getElementsByTagNameNS("http://ns.adobe.com/photoshop/1.0/", "Headline");
            if (headlines.getLength() > 0) return headlines.item(0).getTextContent();
            // the attribute form: <rdf:Description photoshop:Headline="...">
            NodeList descriptions = doc.getElementsByTagNameNS(XmpPacket.NS_RDF, "Description");
            for (int i = 0; i < descriptions.getLength(); i++) {
                String h = ((Element) descriptions.item(i)).getAttributeNS("http://ns.adobe.com/photoshop/1.0/", "Headline");
                if (!h.isBlank()) return h;
            }
        } catch (Exception damaged) {
            // a broken packet has no title to offer
        }
        return null;
    }

    // IPTC-IIM inside the Photoshop APP13 segment: Object Name (2:05), else Headline (2:105)
    private static String iptc(byte[] jpeg) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP13, "Photoshop 3.0");
            for (JPEGSegment s : segments) {
                try (ImageInputStream psd = ImageIO.createImageInputStream(s.data())) {
                    Directory resources = new PSDReader().read(psd);
                    Entry iptc = resources.getEntryById(PSD.RES_IPTC_NAA);
                    if (iptc == null || !(iptc.getValue() instanceof byte[] raw)) continue;
                    try (ImageInputStream iim = ImageIO.createImageInputStream(new ByteArrayInputStream(raw))) {
                        Directory d = new IPTCReader().read(iim);
                        for (int tag : new int[] {IPTC.TAG_OBJECT_NAME, IPTC.TAG_HEADLINE}) {
                            Entry e = d.getEntryById(tag);
                            if (e != null && e.getValue() != null && !e.getValueAsString().isBlank()) return e.getValueAsString();
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException damaged) {
            // no readable IPTC block
        }
        return null;
    }

    // EXIF IFD0: XPTitle (Windows, UTF-16LE), else ImageDescription
    private static String exif(byte[] tiff) {
        if (tiff == null || tiff.length < 8) return null;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(tiff))) {
            Directory ifd0 = new TIFFReader().read(in);
            Entry xp = ifd0.getEntryById(TAG_XP_TITLE);
            if (xp != null && xp.getValue() instanceof byte[] b) {
                String t = new String(b, StandardCharsets.UTF_16LE).replace("\0", "");
                if (!t.isBlank()) return t;
            }
            Entry description = ifd0.getEntryById(TAG_IMAGE_DESCRIPTION);
            if (description != null && description.getValue() != null) {
                String d = description.getValueAsString().replace("\0", "");
                // cameras fill it with blanks or a model name placeholder; those are no title
                if (!d.isBlank() && !d.strip().equalsIgnoreCase("OLYMPUS DIGITAL CAMERA") && !d.strip().equalsIgnoreCase("default")) return d;
            }
        } catch (IOException | RuntimeException damaged) {
            // no readable EXIF block
        }
        return null;
    }
}
