// SPDX-License-Identifier: MIT
// Listing 16-2: thread::spawn returns a JoinHandle; joining it at the end
// makes main wait until the spawned thread has printed all nine lines
// (C: scenarios/s1_2_join.c, scenario 1.2).
mod speed;
use speed::scaled;
use std::thread;
use std::time::Duration;

fn main() {
    let handle = thread::spawn(|| {
        for i in 1..10 {
            println!("hi number {} from the spawned thread!", i);
            thread::sleep(scaled(Duration::from_millis(1)));
        }
    });

    for i in 1..5 {
        println!("hi number {} from the main thread!", i);
        thread::sleep(scaled(Duration::from_millis(1)));
    }

    handle.join().unwrap();
}
