//! The `renja` command line.

fn main() {
    println!("renja");
}
