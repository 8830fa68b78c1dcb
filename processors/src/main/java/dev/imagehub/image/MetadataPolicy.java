package dev.imagehub.image;

/** Which metadata an output keeps: none, only copyright and author, or everything the format can carry. */
public enum MetadataPolicy {
    /** No EXIF, XMP or ICC (a non-sRGB profile is converted into the pixels first); pending orientation is applied to the pixels. */
    STRIP,
    /** Only the Copyright and Artist tags and XMP dc:rights/dc:creator (plus the profile, per the colour policy); pixels upright. */
    COPYRIGHT,
    /**
     * All EXIF and XMP (GPS unless forced off), rebuilt without the IFD1 thumbnail and the MakerNote, with the orientation
     * tag made consistent with the pixels.
     */
    ALL
}
