// SPDX-License-Identifier: MIT
// Listing 16-11: the transmitter is cloned, and two threads send into one
// receiver; how their words interleave changes from run to run
// (C: scenarios/s2_3_producers.c, scenario 2.3).
mod speed;
use speed::scaled;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();

    let tx1 = tx.clone();
    thread::spawn(move || {
        let vals = vec![
            String::from("hi"),
            String::from("from"),
            String::from("the"),
            String::from("thread"),
        ];

        for val in vals {
            tx1.send(val).unwrap();
            thread::sleep(scaled(Duration::from_secs(1)));
        }
    });

    thread::spawn(move || {
        let vals = vec![
            String::from("more"),
            String::from("messages"),
            String::from("for"),
            String::from("you"),
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
