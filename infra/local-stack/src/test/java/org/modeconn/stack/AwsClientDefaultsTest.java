package org.modeconn.stack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded S3 server takes uploads from a current AWS client at its default settings: the AWS SDK
 * for Java v2 (2.57) computes a CRC32 checksum for every upload and sends it in an aws-chunked body's
 * trailer; the bytes read back are the bytes written, for a single upload, a file and a multipart upload.
 * Over HTTPS (the stack's {@code s3SecureEndpoint}, trusting its certificate): over plain HTTP the SDK signs
 * the trailer, which S3Proxy does not implement (the last test shows the refusal, so that a fixed S3Proxy
 * is noticed).
 */
class AwsClientDefaultsTest {
    @TempDir
    static Path dir;
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStack.Config.in(dir).withS3Tls(0));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** A client with nothing but what any S3-compatible endpoint needs: checksums at their defaults. */
    private static S3Client client(String endpoint) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(Path.of(stack.endpoints().s3Certificate()))) {
            trusted.setCertificateEntry("s3", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        return S3Client.builder()
                .httpClient(ApacheHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers).build())
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.endpoints().s3AccessKey(),
                        stack.endpoints().s3SecretKey())))
                .build();
    }

    @Test
    void uploadsWithDefaultChecksumsReadBackUnchanged() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        LocalStack.Endpoints stack = AwsClientDefaultsTest.stack.endpoints();
        try (S3Client s3 = client(stack.s3SecureEndpoint())) {
            s3.putObject(b -> b.bucket(stack.bucket()).key("aws/bytes.bin"), RequestBody.fromBytes(bytes));
            assertArrayEquals(bytes, s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("aws/bytes.bin")).asByteArray());

            Path file = Files.createTempFile("aws-defaults", ".bin");
            Files.write(file, bytes);
            s3.putObject(b -> b.bucket(stack.bucket()).key("aws/file.bin"), RequestBody.fromFile(file));
            assertArrayEquals(bytes, s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("aws/file.bin")).asByteArray());
            HeadObjectResponse head = s3.headObject(b -> b.bucket(stack.bucket()).key("aws/file.bin"));
            assertEquals(bytes.length, head.contentLength());
            Files.delete(file);
        }
    }

    @Test
    void multipartUploadsWithDefaultChecksumsReadBackUnchanged() throws Exception {
        byte[] bytes = new byte[5 * 1024 * 1024 + 1000]; // a 5 MiB part and a short last one
        new Random(8).nextBytes(bytes);
        String key = "aws/multipart.bin";
        LocalStack.Endpoints stack = AwsClientDefaultsTest.stack.endpoints();
        try (S3Client s3 = client(stack.s3SecureEndpoint())) {
            String id = s3.createMultipartUpload(b -> b.bucket(stack.bucket()).key(key)).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            int partSize = 5 * 1024 * 1024;
            for (int n = 1, off = 0; off < bytes.length; n++, off += partSize) {
                int len = Math.min(partSize, bytes.length - off);
                int number = n;
                String etag = s3.uploadPart(b -> b.bucket(stack.bucket()).key(key).uploadId(id).partNumber(number),
                        RequestBody.fromBytes(java.util.Arrays.copyOfRange(bytes, off, off + len))).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(stack.bucket()).key(key).uploadId(id)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            assertArrayEquals(bytes, s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key(key)).asByteArray());
        }
    }

    @Test
    void overPlainHttpTheSignedChecksumTrailerIsRefused() throws Exception {
        LocalStack.Endpoints stack = AwsClientDefaultsTest.stack.endpoints();
        try (S3Client s3 = client(stack.s3Endpoint())) {
            S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(stack.bucket()).key("aws/http.bin"),
                    RequestBody.fromBytes(new byte[]{1, 2, 3})));
            assertTrue(e.getMessage().contains("x-amz-content-sha256"), e.getMessage());
        }
    }
}
