package org.hisscube.science.hdf5;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link FileChannel} that gathers consecutive relative writes into one large buffer before they reach the file,
 * so that jHDF's row-by-row output becomes a few large {@code write} system calls; the file's bytes are exactly those
 * the plain channel would give.
 *
 * <p><b>Why.</b> jHDF 0.13.0 writes a {@code float[height][width]} dataset one row per {@code write} call (8 kB for a
 * 2048-pixel row): an image segment takes ~5,600 system calls for 32 MB, about twice the kernel time of the same
 * bytes written in 1 MB pieces. jHDF opens the file itself ({@code FileChannel.open(path, READ, WRITE, CREATE)}) and
 * takes no channel, so {@link #pathFor(Path)} wraps the target in a {@link Path} whose file-system provider opens the
 * real file and hands back this channel; jHDF uses nothing of that path but {@code FileChannel.open} and
 * {@code toAbsolutePath} (for log messages).
 *
 * <p><b>Same bytes.</b> The channel keeps the position a plain {@link FileChannel} would have (relative writes
 * advance it, positional writes do not, {@link #position(long)} sets it) and only ever defers a run of relative writes
 * that are contiguous in the file. Anything else — a positional write, a relative write elsewhere, {@link #size()},
 * a read, {@link #force}, {@link #truncate}, closing — first writes the pending run out, so every byte lands where and
 * in the order it would have without the buffer.
 *
 * <p>Not thread-safe (jHDF writes a file from one thread); only what jHDF's writer needs is supported, the rest throws
 * {@link UnsupportedOperationException}.
 */
final class CoalescingFileChannel extends FileChannel {
    /** Size of the write buffer: 1 MB writes cost the kernel no more per byte than larger ones. */
    static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel file;
    private final ByteBuffer pending = ByteBuffer.allocateDirect(BUFFER_BYTES);
    /** File offset of pending's first byte (meaningful while pending holds bytes). */
    private long pendingStart;
    /** The position a plain channel would have. */
    private long position;

    private CoalescingFileChannel(FileChannel file) {
        this.file = file;
    }

    /**
     * A path that {@code FileChannel.open} (as jHDF's {@code HdfFile.write} calls it) opens as a coalescing channel
     * on {@code file}; it supports nothing else but {@code toAbsolutePath}, {@code toString} and {@code toFile}.
     */
    static Path pathFor(Path file) {
        return new ChannelPath(file.toAbsolutePath());
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (pending.position() > 0 && position != pendingStart + pending.position()) {
            flush();
        }
        if (n >= BUFFER_BYTES) {
            flush();
            writeFully(src, position);
        } else {
            if (n > pending.remaining()) {
                flush();
            }
            if (pending.position() == 0) {
                pendingStart = position;
            }
            pending.put(src);
        }
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src, long at) throws IOException {
        flush();
        return writeFully(src, at);
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        flush();
        return file.size();
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        flush();
        return file.read(dst, at);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        flush();
        file.truncate(size);
        position = Math.min(position, size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        flush();
        file.force(metaData);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try (file) {
            flush();
        }
    }

    /** Writes the pending run out (at its place in the file) and empties the buffer. */
    private void flush() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        writeFully(pending, pendingStart);
        pending.clear();
    }

    private int writeFully(ByteBuffer src, long at) throws IOException {
        int n = src.remaining();
        long p = at;
        while (src.hasRemaining()) {
            p += file.write(src, p);
        }
        return n;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw unsupported();
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        throw unsupported();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw unsupported();
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) {
        throw unsupported();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw unsupported();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw unsupported();
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw unsupported();
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not needed to write an HDF5 file with jHDF");
    }

    /** The wrapped path: only {@code FileChannel.open} goes through it (to {@link Provider}). */
    private record ChannelPath(Path file) implements Path {
        @Override
        public FileSystem getFileSystem() {
            return ChannelFileSystem.INSTANCE;
        }

        @Override
        public Path toAbsolutePath() {
            return this;
        }

        @Override
        public File toFile() {
            return file.toFile();
        }

        @Override
        public String toString() {
            return file.toString();
        }

        @Override
        public boolean isAbsolute() {
            return true;
        }

        @Override
        public Path getRoot() {
            throw unsupported();
        }

        @Override
        public Path getFileName() {
            throw unsupported();
        }

        @Override
        public Path getParent() {
            throw unsupported();
        }

        @Override
        public int getNameCount() {
            throw unsupported();
        }

        @Override
        public Path getName(int index) {
            throw unsupported();
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            throw unsupported();
        }

        @Override
        public boolean startsWith(Path other) {
            throw unsupported();
        }

        @Override
        public boolean endsWith(Path other) {
            throw unsupported();
        }

        @Override
        public Path normalize() {
            throw unsupported();
        }

        @Override
        public Path resolve(Path other) {
            throw unsupported();
        }

        @Override
        public Path relativize(Path other) {
            throw unsupported();
        }

        @Override
        public URI toUri() {
            throw unsupported();
        }

        @Override
        public Path toRealPath(LinkOption... options) {
            throw unsupported();
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw unsupported();
        }

        @Override
        public int compareTo(Path other) {
            throw unsupported();
        }
    }

    /** The file system of {@link ChannelPath}s: it only names {@link Provider}. */
    private static final class ChannelFileSystem extends FileSystem {
        static final ChannelFileSystem INSTANCE = new ChannelFileSystem();

        @Override
        public FileSystemProvider provider() {
            return Provider.INSTANCE;
        }

        @Override
        public void close() {
            throw unsupported();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean isReadOnly() {
            return false;
        }

        @Override
        public String getSeparator() {
            return File.separator;
        }

        @Override
        public Iterable<Path> getRootDirectories() {
            throw unsupported();
        }

        @Override
        public Iterable<FileStore> getFileStores() {
            throw unsupported();
        }

        @Override
        public Set<String> supportedFileAttributeViews() {
            throw unsupported();
        }

        @Override
        public Path getPath(String first, String... more) {
            throw unsupported();
        }

        @Override
        public PathMatcher getPathMatcher(String syntaxAndPattern) {
            throw unsupported();
        }

        @Override
        public UserPrincipalLookupService getUserPrincipalLookupService() {
            throw unsupported();
        }

        @Override
        public WatchService newWatchService() {
            throw unsupported();
        }
    }

    /** Opens the real file on its own file system and wraps the channel. */
    private static final class Provider extends FileSystemProvider {
        static final Provider INSTANCE = new Provider();

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            Path file = ((ChannelPath) Objects.requireNonNull(path, "path")).file();
            return new CoalescingFileChannel(FileChannel.open(file, options, attrs));
        }

        @Override
        public String getScheme() {
            return "hisscube-coalescing";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw unsupported();
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            throw unsupported();
        }

        @Override
        public Path getPath(URI uri) {
            throw unsupported();
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                FileAttribute<?>... attrs) throws IOException {
            return newFileChannel(path, options, attrs);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) {
            throw unsupported();
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) {
            throw unsupported();
        }

        @Override
        public void delete(Path path) {
            throw unsupported();
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) {
            throw unsupported();
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) {
            throw unsupported();
        }

        @Override
        public boolean isSameFile(Path path, Path path2) {
            throw unsupported();
        }

        @Override
        public boolean isHidden(Path path) {
            throw unsupported();
        }

        @Override
        public FileStore getFileStore(Path path) {
            throw unsupported();
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) {
            throw unsupported();
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
                LinkOption... options) {
            throw unsupported();
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) {
            throw unsupported();
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) {
            throw unsupported();
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
            throw unsupported();
        }
    }
}
