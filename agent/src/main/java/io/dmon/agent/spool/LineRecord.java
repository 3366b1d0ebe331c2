package io.dmon.agent.spool;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A spooled line on disk: the bytes of a {@code dmon.v1.LogLine} message without its job_id
 * (the folder names the job), written and read field by field so the spool needs no generated
 * message type, only the wire format. Segments written by earlier agents, through LogLine itself,
 * read the same. The field numbers are LogLine's in job.proto and must stay so.
 */
final class LineRecord {
    private static final int RUN = 2;
    private static final int SEQ = 3;
    private static final int UNIX_MS = 4;
    private static final int TEXT = 5;
    private static final int STDERR = 7;
    private static final byte[] EMPTY = new byte[0];

    private LineRecord() {
    }

    /**
     * Writes one record, its length first; returns its size on disk. Fields at their default
     * (0, empty, false) are left out and fields go in number order, as LogLine's own writer does.
     */
    static long write(CodedOutputStream out, long seq, int run, long unixMs, boolean stderr,
                      byte[] buf, int off, int len) throws IOException {
        int size = 0;
        if (run != 0) {
            size += CodedOutputStream.computeInt32Size(RUN, run);
        }
        if (seq != 0) {
            size += CodedOutputStream.computeInt64Size(SEQ, seq);
        }
        if (unixMs != 0) {
            size += CodedOutputStream.computeInt64Size(UNIX_MS, unixMs);
        }
        if (len != 0) {
            size += CodedOutputStream.computeTagSize(TEXT) + CodedOutputStream.computeUInt32SizeNoTag(len) + len;
        }
        if (stderr) {
            size += CodedOutputStream.computeBoolSize(STDERR, true);
        }
        out.writeUInt32NoTag(size);
        if (run != 0) {
            out.writeInt32(RUN, run);
        }
        if (seq != 0) {
            out.writeInt64(SEQ, seq);
        }
        if (unixMs != 0) {
            out.writeInt64(UNIX_MS, unixMs);
        }
        if (len != 0) {
            out.writeByteArray(TEXT, buf, off, len);
        }
        if (stderr) {
            out.writeBool(STDERR, true);
        }
        return CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    /**
     * The line in one record's bytes (its length already read); fields it does not know (job_id,
     * cut_bytes) are skipped.
     *
     * @throws com.google.protobuf.InvalidProtocolBufferException when the bytes are no such record
     */
    static SpooledLine read(ByteBuffer record) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(record);
        long seq = 0;
        int run = 0;
        long unixMs = 0;
        boolean stderr = false;
        byte[] text = EMPTY;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (tag) {
                case RUN << 3 | WireFormat.WIRETYPE_VARINT -> run = in.readInt32();
                case SEQ << 3 | WireFormat.WIRETYPE_VARINT -> seq = in.readInt64();
                case UNIX_MS << 3 | WireFormat.WIRETYPE_VARINT -> unixMs = in.readInt64();
                case TEXT << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> text = in.readByteArray();
                case STDERR << 3 | WireFormat.WIRETYPE_VARINT -> stderr = in.readBool();
                default -> in.skipField(tag);
            }
        }
        return new SpooledLine(seq, run, unixMs, stderr, text);
    }
}
