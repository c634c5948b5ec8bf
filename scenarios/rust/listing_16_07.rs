// SPDX-License-Identifier: MIT
// Listing 16-7: the transmitter moves into the spawned thread, which sends
// "hi". Nobody receives yet (16-8 adds that) and main does not join, so the
// thread may not even run before the process ends. Listing 16-6, the bare
// channel, does not compile on its own: nothing fixes the channel's type.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, _rx) = mpsc::channel();

    thread::spawn(move || {
        let val = String::from("hi");
        tx.send(val).unwrap();
    });
}
