package io.authstore.tools.bench;

import java.time.Duration;

/** How long each run warms up before its measured window, and the window. */
record Timing(Duration warmup, Duration window) {}
