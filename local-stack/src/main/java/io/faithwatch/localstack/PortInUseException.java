package io.faithwatch.localstack;

/** A port the stack was told to use is taken by another program. */
public class PortInUseException extends IllegalStateException {
    private final int port;

    public PortInUseException(int port, String user) {
        super("port " + port + " (" + user + ") is in use by another program");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
