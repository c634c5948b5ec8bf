// SPDX-License-Identifier: MIT
// Listing 16-10: four messages a second apart; main treats the receiver as
// an iterator, waiting between them, and its loop ends when the sender is
// dropped (C: scenarios/s2_2_receiver_waits.c, scenario 2.2).
mod speed;
use speed::scaled;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();

    thread::spawn(move || {
        let vals = vec![
            String::from("hi"),
            String::from("from"),
            String::from("the"),
            String::from("thread"),
        ];

        for val in vals {
            tx.send(val).unwrap();
            thread::sleep(scaled(Duration::from_secs(1)));
        }
    });

    for received in rx {
        println!("Got: {}", received);
    }
}
