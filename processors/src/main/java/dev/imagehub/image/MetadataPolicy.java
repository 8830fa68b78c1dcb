package dev.imagehub.image;

/** Which metadata an output keeps: none, only copyright and author, or everything the format can carry. */
public enum MetadataPolicy {
    /** No EXIF, XMP or ICC; pending orientation is applied to the pixels. */
    STRIP,
    /** Only the Copyright and Artist tags (plus the colour profile, per the colour policy). */
    COPYRIGHT,
    /** All EXIF (GPS unless forced off), with the orientation tag made consistent with the pixels. */
    ALL
}
