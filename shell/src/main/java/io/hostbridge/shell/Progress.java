package io.hostbridge.shell;

import io.hostbridge.client.TransferProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A transfer's progress: a bar on standard error when a person watches (a terminal), nothing otherwise. */
final class Progress implements TransferProgress, AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** The bar learns the total from the transfer's first report. */
    static Progress of(boolean terminal, String task) {
        if (!terminal) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setUnit(" MiB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed()
                .build());
    }

    @Override
    public void update(long done, long total) {
        if (bar != null) {
            if (bar.getMax() != total) {
                bar.maxHint(total);
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
