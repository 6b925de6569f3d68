//! Evaluation harnesses: score the pipeline against annotated corpora (`gleaner eval …`).
//!
//! Not a pipeline stage: these read gold annotations in the corpora's own formats, run the
//! ordinary pipeline, and count. The corpora themselves are not shipped (their licenses are for
//! research use); the harnesses take their paths as arguments.

pub mod iob;
pub mod measeval;
pub mod timeml;

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Predicted items that match a gold one.
    pub correct: usize,
}

impl Prf {
    /// correct / predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }

    /// correct / gold (0 when there is no gold).
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}
