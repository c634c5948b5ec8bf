// SPDX-License-Identifier: MIT
// Listing 16-8: main blocks in recv until the spawned thread's "hi" arrives
// (C: scenarios/s2_1_channel.c, scenario 2.1). Listing 16-9, which uses val
// after sending it, is refused by rustc and has no file here.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    thread::spawn(move || {
        let val = String::from("hi");
        tx.send(val).unwrap();
    });

    let received = rx.recv().unwrap();
    println!("Got: {}", received);
}
