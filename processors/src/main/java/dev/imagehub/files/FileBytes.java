package dev.imagehub.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole file into a byte array through a 1 MB window. {@code Files.readAllBytes} reads through a temporary
 * direct buffer as large as the file, which the JDK then keeps cached per thread: a worker that once read a 200 MB file
 * held 200 MB of native memory for ever, outside the heap and outside the hub's memory budget.
 */
public final class FileBytes {
    private static final int WINDOW = 1 << 20;

    private FileBytes() {
    }

    public static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) throw new IOException(file.getFileName() + " is too large to read into memory (" + size + " bytes)");
            byte[] out = new byte[(int) size];
            int n = 0;
            while (n < out.length) {
                int r = in.read(out, n, Math.min(WINDOW, out.length - n));
                if (r < 0) return Arrays.copyOf(out, n);             // shrank while being read
                n += r;
            }
            // grew while being read: take the rest too (the caller's checks decide what to do with a changing file)
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (int r; (r = in.read(buf)) > 0; ) rest.write(buf, 0, r);
            if (rest.size() == 0) return out;
            byte[] all = Arrays.copyOf(out, out.length + rest.size());
            System.arraycopy(rest.toByteArray(), 0, all, out.length, rest.size());
            return all;
        }
    }
}
