package dev.imagehub.wavespeed.emulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A binary glTF 2.0 file holding one unit cube, the smallest plausible answer from a 3D model. */
final class Glb {
    private Glb() {
    }

    static byte[] cube() {
        float[] positions = {
                -0.5f, -0.5f, -0.5f, 0.5f, -0.5f, -0.5f, 0.5f, 0.5f, -0.5f, -0.5f, 0.5f, -0.5f,
                -0.5f, -0.5f, 0.5f, 0.5f, -0.5f, 0.5f, 0.5f, 0.5f, 0.5f, -0.5f, 0.5f, 0.5f};
        short[] indices = {
                0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4,
                2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0, 7, 3};
        int posBytes = positions.length * 4;
        int idxBytes = indices.length * 2;
        ByteBuffer bin = ByteBuffer.allocate(pad4(posBytes + idxBytes)).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : positions) bin.putFloat(f);
        for (short s : indices) bin.putShort(s);
        String json = "{\"asset\":{\"version\":\"2.0\",\"generator\":\"image-hub wavespeed emulator\"},"
                + "\"scene\":0,\"scenes\":[{\"nodes\":[0]}],\"nodes\":[{\"mesh\":0,\"name\":\"cube\"}],"
                + "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"indices\":1}]}],"
                + "\"buffers\":[{\"byteLength\":" + bin.capacity() + "}],"
                + "\"bufferViews\":[{\"buffer\":0,\"byteOffset\":0,\"byteLength\":" + posBytes + ",\"target\":34962},"
                + "{\"buffer\":0,\"byteOffset\":" + posBytes + ",\"byteLength\":" + idxBytes + ",\"target\":34963}],"
                + "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":8,\"type\":\"VEC3\","
                + "\"min\":[-0.5,-0.5,-0.5],\"max\":[0.5,0.5,0.5]},"
                + "{\"bufferView\":1,\"componentType\":5123,\"count\":36,\"type\":\"SCALAR\"}]}";
        byte[] jsonBytes = json.getBytes(StandardCharsets.UTF_8);
        int jsonLen = pad4(jsonBytes.length);
        int total = 12 + 8 + jsonLen + 8 + bin.capacity();
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x46546C67).putInt(2).putInt(total);
        out.putInt(jsonLen).putInt(0x4E4F534A).put(jsonBytes);
        for (int i = jsonBytes.length; i < jsonLen; i++) out.put((byte) ' ');
        out.putInt(bin.capacity()).putInt(0x004E4942).put(bin.array());
        return out.array();
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
