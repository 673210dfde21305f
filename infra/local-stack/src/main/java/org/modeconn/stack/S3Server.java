package org.modeconn.stack;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3 API server (S3Proxy) on loopback (or on the given address, e.g. {@code 0.0.0.0} in a container),
 * storing objects as files under the data directory (the nio2 filesystem backend: the plain one lists fake
 * directory entries). Signed requests only.
 *
 * <p>Optionally also over HTTPS with a self-signed certificate made once per data directory
 * ({@code s3-tls/}: a PKCS#12 key store and the certificate in PEM for clients to trust). Current AWS
 * clients at their default settings need it: over plain HTTP the AWS SDK for Java 2.30+ signs an
 * aws-chunked body with a checksum trailer ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}), which
 * S3Proxy 3.0 does not implement; over HTTPS it sends {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}, which it
 * does. Checksum headers S3Proxy does not know ({@code x-amz-checksum-crc32}) are ignored, not refused.
 */
final class S3Server implements AutoCloseable {

    private static final String KEY_STORE_PASSWORD = "modeconn-local-s3";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String endpoint;
    private final String secureEndpoint;
    private final Path certificate;

    private S3Server(S3Proxy proxy, BlobStoreContext context, String endpoint, String secureEndpoint, Path certificate) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
        this.secureEndpoint = secureEndpoint;
        this.certificate = certificate;
    }

    /**
     * Starts the server on {@code listenHost:port} (HTTP) and, if {@code securePort} is positive, on that port
     * over HTTPS. The endpoint it reports is on 127.0.0.1 when it listens on every address.
     *
     * @throws IOException if a port is taken, the key store cannot be made, or S3Proxy does not start in 30 s
     */
    static S3Server start(Path dataDir, String listenHost, int port, int securePort, String accessKey, String secretKey)
            throws IOException {
        Path root = dataDir.resolve("s3");
        Files.createDirectories(root);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", root.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                .overrides(props)
                // The filesystem backend ignores these, but jclouds insists on an identity.
                .credentials("local", "local")
                .build(BlobStoreContext.class);
        String reachable = "0.0.0.0".equals(listenHost) ? "127.0.0.1" : listenHost;
        String endpoint = "http://" + reachable + ":" + port;
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://" + listenHost + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true);
        String secureEndpoint = null;
        Path certificate = null;
        if (securePort > 0) {
            Path tls = dataDir.resolve("s3-tls");
            certificate = selfSigned(tls);
            secureEndpoint = "https://" + reachable + ":" + securePort;
            builder.secureEndpoint(URI.create("https://" + listenHost + ":" + securePort))
                    .keyStore(tls.resolve("keystore.p12").toString(), KEY_STORE_PASSWORD);
        }
        S3Proxy proxy = builder.build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            context.close();
            throw e;
        } catch (Exception e) {
            context.close();
            throw new IOException("S3Proxy failed to start on port " + port, e);
        }
        return new S3Server(proxy, context, endpoint, secureEndpoint, certificate);
    }

    /**
     * The key store {@code dir/keystore.p12} and its certificate {@code dir/certificate.pem} (CN and
     * subject alternative names 127.0.0.1 and localhost, ten years), made with the JDK's keytool unless
     * they exist. Returns the certificate's path.
     */
    private static Path selfSigned(Path dir) throws IOException {
        Path keyStore = dir.resolve("keystore.p12");
        Path pem = dir.resolve("certificate.pem");
        if (Files.isRegularFile(keyStore) && Files.isRegularFile(pem)) {
            return pem;
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(keyStore);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        keytool(keytool, "-genkeypair", "-alias", "s3", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", KEY_STORE_PASSWORD);
        keytool(keytool, "-exportcert", "-rfc", "-alias", "s3", "-keystore", keyStore.toString(),
                "-storepass", KEY_STORE_PASSWORD, "-file", pem.toString());
        return pem;
    }

    private static void keytool(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed (" + p.exitValue() + "): " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the S3 server's certificate", e);
        }
    }

    String endpoint() {
        return endpoint;
    }

    /** The HTTPS endpoint, or null if the server was started without one. */
    String secureEndpoint() {
        return secureEndpoint;
    }

    /** The PEM certificate clients trust for {@link #secureEndpoint()}, or null. */
    Path certificate() {
        return certificate;
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
