package io.hostbridge.shell;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A transfer's progress: a bar on standard error when a person watches (a terminal), nothing otherwise. */
final class Progress implements LongConsumer, AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** @param total bytes to move, or -1 when not known yet (the bar learns it from the first report) */
    static Progress of(boolean terminal, String task, long total) {
        if (!terminal) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" MiB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(
                        System.err)).showSpeed().build());
    }

    @Override
    public void accept(long done) {
        if (bar != null) {
            if (bar.getMax() < done) {
                bar.maxHint(done);
            }
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
