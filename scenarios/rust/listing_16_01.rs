// SPDX-License-Identifier: MIT
// Listing 16-1: a new thread with thread::spawn. Main does not wait for it:
// when main returns the process ends and the spawned thread is cut off
// mid-loop (C: scenarios/s1_1_spawn.c, scenario 1.1).
mod speed;
use speed::scaled;
use std::thread;
use std::time::Duration;

fn main() {
    thread::spawn(|| {
        for i in 1..10 {
            println!("hi number {} from the spawned thread!", i);
            thread::sleep(scaled(Duration::from_millis(1)));
        }
    });

    for i in 1..5 {
        println!("hi number {} from the main thread!", i);
        thread::sleep(scaled(Duration::from_millis(1)));
    }
}
