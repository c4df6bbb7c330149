package io.faithwatch.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** The model endpoint named by {@code --model-url}, checked before anything is submitted. */
final class ModelUrl {
    private ModelUrl() {
    }

    /** A real endpoint must be an http(s) URL that answers at all; otherwise every pair would end as an error. */
    static void check(String modelUrl, String provider) {
        if (modelUrl == null) {
            throw new Faith.UserError("--model-url is required for provider " + provider);
        }
        URI uri;
        try {
            uri = URI.create(modelUrl);
        } catch (IllegalArgumentException e) {
            throw new Faith.UserError("--model-url: '" + modelUrl + "' is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new Faith.UserError("--model-url: '" + modelUrl + "' is not an http(s) URL, e.g. http://localhost:8000/v1");
        }
        try (Socket socket = new Socket()) {
            int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
            socket.connect(new InetSocketAddress(uri.getHost(), port), 3000);
        } catch (IOException e) {
            throw new Faith.UserError("--model-url: nothing answers at " + modelUrl + " (" + e.getMessage() + ")");
        }
    }
}
