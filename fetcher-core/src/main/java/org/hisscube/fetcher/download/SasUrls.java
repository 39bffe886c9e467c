package org.hisscube.fetcher.download;

import java.net.URI;

/**
 * Turns SAS-relative paths into URLs under the configured base URL — and nothing else: only letters, digits and
 * {@code . _ - /} are allowed (no schemes, hosts, escapes, queries, control characters), and '..', '.' and empty
 * segments and absolute paths are refused.
 */
public final class SasUrls {
    private SasUrls() {
    }

    public static URI resolve(URI base, String fileId, String sasPath) {
        if (sasPath == null || sasPath.isEmpty()) {
            throw refuse(fileId, sasPath, "empty path");
        }
        for (int i = 0; i < sasPath.length(); i++) {
            char c = sasPath.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-' || c == '/';
            if (!allowed) {
                throw refuse(fileId, sasPath, "character " + (c < 0x21 ? String.format("0x%02x", (int) c) : "'" + c + "'")
                        + " is not allowed in a SAS path");
            }
        }
        if (sasPath.startsWith("/")) {
            throw refuse(fileId, sasPath, "absolute path");
        }
        for (String segment : sasPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refuse(fileId, sasPath, "'" + segment + "' path segment");
            }
        }
        URI url = base.resolve(sasPath);
        if (!url.getScheme().equals(base.getScheme()) || !url.getAuthority().equals(base.getAuthority())
                || !url.getPath().startsWith(base.getPath())) {
            throw refuse(fileId, sasPath, "resolves outside the base URL " + base);
        }
        return url;
    }

    private static FetcherException refuse(String fileId, String sasPath, String why) {
        return new FetcherException(fileId, "forbidden_url", true, "refusing SAS path '" + sasPath + "': " + why,
                null);
    }
}
