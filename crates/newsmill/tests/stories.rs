//! `eval stories` over the shared labelled pairs: the printed figures match the decisions it
//! writes, and the committed model beats the TF-IDF baseline (0.752).
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[test]
fn eval_stories_prints_what_it_decides() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let gold = root.join("../shared/data/stories/pairs_dev.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pred.jsonl");
    let run = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["eval", "stories", "--gold"])
        .arg(&gold)
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed = String::from_utf8_lossy(&run.stdout).to_string();

    let labels: HashMap<String, bool> = std::fs::read_to_string(&gold)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["id"].to_string(), v["same_story"].as_bool().unwrap()))
        .collect();
    let preds: Vec<Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(preds.len(), labels.len());
    let right = preds
        .iter()
        .filter(|p| {
            let score = p["score"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&score));
            labels[&p["id"].to_string()] == p["same_story"].as_bool().unwrap()
        })
        .count();
    let accuracy = right as f64 / preds.len() as f64;
    assert!(
        printed.contains(&format!("accuracy {accuracy:.3}")),
        "{printed} vs {accuracy}"
    );
    assert!(accuracy > 0.8, "{printed}");
}
