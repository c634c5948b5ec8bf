// SPDX-License-Identifier: MIT
// speed.rs - the one thing the book's listings gain here: `ctrace scenario
// --speed N` sets CTRACE_SPEED=N, and every sleep is divided by it, as in the
// C scenarios (scenarios/common.h), so tests run fast with the same shape.
// Not part of the book: each listing says `scaled(...)` where the book has
// the plain duration.
use std::env;
use std::process;
use std::time::Duration;

// The factor from CTRACE_SPEED, 1 when unset. Read at each sleep (the
// listings sleep a handful of times; Rust 1.63 has no OnceLock), and a bad
// value ends the program with one line, like the C scenarios.
fn factor() -> f64 {
    match env::var("CTRACE_SPEED") {
        Err(_) => 1.0,
        Ok(s) if s.is_empty() => 1.0,
        Ok(s) => match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => v,
            _ => {
                eprintln!("CTRACE_SPEED must be a positive number, not '{}'", s);
                process::exit(1);
            }
        },
    }
}

// D divided by the speed factor.
pub fn scaled(d: Duration) -> Duration {
    Duration::from_secs_f64(d.as_secs_f64() / factor())
}
