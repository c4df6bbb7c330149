package io.faithwatch.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Mixin;

/** A command that reads the scorer of a running system and prints what it found. */
abstract class ScorerCommand extends FaithCommand {
    @Mixin
    ServiceUrls urls = new ServiceUrls();

    ScorerApi scorer() {
        return urls.scorerApi();
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        out.print(text());
        out.flush();
        return 0;
    }

    /** What the command prints. */
    abstract String text();
}
