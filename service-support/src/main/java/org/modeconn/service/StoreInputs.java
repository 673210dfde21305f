package org.modeconn.service;

import org.modeconn.core.model.ModelFiles;
import org.modeconn.core.pipeline.StudyInputs;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.store.DataRef;
import org.modeconn.core.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * A study's inputs as a service sees them: dataset splits through {@link DataFiles} (downloaded once,
 * cached by hash), base-model directories in the store read without their weights (the file listing,
 * config.json, and the safetensors header from the first bytes of the object).
 */
final class StoreInputs implements StudyInputs.Source {
    private final ObjectStore store;
    private final DataFiles files;

    StoreInputs(ObjectStore store, DataFiles files) {
        this.store = store;
        this.files = files;
    }

    @Override
    public Path file(String location) throws IOException {
        return files.resolve(location);
    }

    @Override
    public ModelFiles model(ModelRef reference) throws IOException {
        if (reference instanceof ModelRef.LocalDir dir) {
            return ModelFiles.local(dir.path());
        }
        if (!(reference instanceof ModelRef.Stored stored)) {
            throw new IllegalArgumentException(reference + " is not a model directory");
        }
        DataRef ref = stored.ref();
        String prefix = ref.key(store.bucket());
        prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        Set<String> names = new TreeSet<>();
        for (String key : store.list(prefix)) {
            String name = key.substring(prefix.length());
            if (!name.contains("/")) {
                names.add(name);
            }
        }
        byte[] config = null;
        if (names.contains(ModelFiles.CONFIG)) {
            try (InputStream in = store.openUnverified(prefix + ModelFiles.CONFIG)) {
                config = in.readAllBytes();
            }
        }
        if (!names.contains(ModelFiles.WEIGHTS)) {
            return new ModelFiles(names, config, null, null);
        }
        String key = prefix + ModelFiles.WEIGHTS;
        long size = store.stat(key).orElseThrow(() -> new IOException("no object " + key)).bytes();
        try (InputStream in = store.openUnverified(key)) {
            return new ModelFiles(names, config, SafetensorsReader.header("s3://" + store.bucket() + "/" + key, in, size), null);
        } catch (SafetensorsException e) {
            return new ModelFiles(names, config, null, e.getMessage());
        }
    }
}
