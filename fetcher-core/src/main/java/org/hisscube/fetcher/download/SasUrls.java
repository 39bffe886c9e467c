package org.hisscube.fetcher.download;

import java.net.URI;

/**
 * Turns SAS-relative paths into URLs under the configured base URL — and nothing else: absolute URLs, other hosts,
 * '..' segments, backslashes, control characters and percent-escapes that could smuggle any of these are refused.
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
            if (c < 0x21 || c == 0x7f || c == '\\' || c == '%' || c == '?' || c == '#' || c == ':' || c == '@') {
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
