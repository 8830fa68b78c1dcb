package dev.imagehub.image;

/** What happens to an embedded colour profile (Adobe RGB, Display P3, CMYK): convert pixels to sRGB, or keep the profile. */
public enum ColorPolicy {
    /** Convert the pixels to sRGB and write no profile (or an sRGB one): every viewer shows the right colours. */
    SRGB,
    /** Keep the source profile where the output format can carry it (JPEG, PNG, WebP); convert otherwise. */
    KEEP
}
