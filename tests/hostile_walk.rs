//! Issue 13 item 12: a folder with a symlink loop (`self -> .`) made `check` report each
//! document 41 times; folders are now walked once and each file listed once.

#[cfg(unix)]
#[test]
fn symlink_loops_and_duplicate_links_list_each_file_once() {
    use std::os::unix::fs::symlink;
    let d = std::env::temp_dir().join(format!("renja-hostile-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::create_dir_all(d.join(".hidden")).unwrap();
    let fixture = format!(
        "{}/tests/fixtures/checks/rj101_sum_mismatch.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::copy(&fixture, d.join("a.txt")).unwrap();
    std::fs::copy(&fixture, d.join("sub/b.txt")).unwrap();
    std::fs::copy(&fixture, d.join(".hidden/c.txt")).unwrap();
    symlink(".", d.join("self")).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    symlink("a.txt", d.join("link.txt")).unwrap();
    let got = renja::batch::collect_inputs(&[d.clone(), d.join("a.txt")]);
    let names: Vec<String> = got
        .iter()
        .map(|p| p.strip_prefix(&d).unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["a.txt", "sub/b.txt"], "{got:?}");
    // Through the CLI: two documents checked, not dozens.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_renja"))
        .args(["check", "--fail-on", "never", "--out"])
        .arg(d.join("o"))
        .arg(&d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("self/"), "{text}");
    let _ = std::fs::remove_dir_all(&d);
}
