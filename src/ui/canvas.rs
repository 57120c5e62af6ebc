//! The canvas lane's model: where each pod sits in the grid, which cells must be
//! redrawn, and how far each cross-fade has gone. A pod whose look changes fades
//! from the old look to the new one over [`FADE_MS`] in [`ALPHA_STEPS`] steps (at
//! once under reduced motion); a cell is redrawn only when what it shows changes.
//! Plain Rust, tested natively; `app` turns the plan into canvas calls. It must not
//! touch web-sys or yew.

use super::views::{PodLook, PodView};
use crate::sim::PodId;

/// A pod's cell, in CSS pixels.
pub const CELL: f64 = 17.0;
pub const FADE_MS: f64 = 250.0;
/// Fades run through this many opacities, so a cell changes at most this often.
pub const ALPHA_STEPS: f64 = 8.0;
/// Canvas rows grow in steps, so the backing store is not reallocated for every row.
pub const ROW_STEP: usize = 8;

/// Columns and rows of the grid for `pods` pods in a lane `width_px` wide.
pub fn grid(width_px: f64, pods: usize) -> (usize, usize) {
    let cols = (width_px / CELL).floor().max(1.0) as usize;
    let rows = pods.div_ceil(cols).max(1).next_multiple_of(ROW_STEP);
    (cols, rows)
}

/// The index of the pod under the pointer at (`x`, `y`), if a cell is there.
pub fn pod_at(width_px: f64, x: f64, y: f64, pods: usize) -> Option<usize> {
    let (cols, _) = grid(width_px, pods);
    let col = (x.max(0.0) / CELL) as usize;
    let index = (y.max(0.0) / CELL) as usize * cols + col;
    (col < cols && index < pods).then_some(index)
}

/// What to paint in one cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Paint {
    /// No pod here any more.
    Clear,
    /// Clear, then draw `from` at `1 - alpha` and `to` at `alpha` (a look at alpha 0
    /// is not drawn at all).
    Fade {
        from: PodLook,
        to: PodLook,
        alpha: f64,
    },
}

/// One cell to redraw, at its top-left corner in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellPaint {
    pub x: f64,
    pub y: f64,
    pub paint: Paint,
}

/// The lane's memory between redraws.
#[derive(Default)]
pub struct CanvasModel {
    /// Per pod, in id (creation) order like the lane: the look it fades from, the
    /// look it shows, and when it changed.
    looks: Vec<(PodId, PodLook, PodLook, f64)>,
    /// What each cell shows now (see `cell_key`); 0 is empty.
    cells: Vec<u32>,
}

fn look_index(l: PodLook) -> usize {
    PodLook::ALL.iter().position(|x| *x == l).unwrap_or(0)
}

/// A cell's content: from-look, to-look and fade step (never 0, which means empty).
fn cell_key(from: PodLook, to: PodLook, step: u8) -> u32 {
    1 << 24 | (look_index(from) as u32) << 16 | (look_index(to) as u32) << 8 | step as u32
}

impl CanvasModel {
    /// The canvas was cleared (resized, or new sprites): every cell is drawn again.
    pub fn invalidate(&mut self) {
        self.cells.clear();
    }

    /// The cells to redraw at `now_ms` for `pods` (in id order) in `cols` columns,
    /// and whether a fade is still running (then draw again next frame).
    pub fn plan(
        &mut self,
        pods: &[PodView],
        cols: usize,
        now_ms: f64,
        reduced_motion: bool,
    ) -> (Vec<CellPaint>, bool) {
        let cols = cols.max(1);
        let mut paints = Vec::new();
        let mut animating = false;
        let mut seen = Vec::with_capacity(pods.len());
        // Both the lane and the last redraw's looks are in id order: one merge walk.
        let last_looks = std::mem::take(&mut self.looks);
        let mut last = last_looks.iter().peekable();
        let mut cells = std::mem::take(&mut self.cells);
        cells.resize(pods.len().max(cells.len()), 0);
        for (i, cell) in cells.iter_mut().enumerate() {
            let (x, y) = ((i % cols) as f64 * CELL, (i / cols) as f64 * CELL);
            let Some(pod) = pods.get(i) else {
                if *cell != 0 {
                    paints.push(CellPaint {
                        x,
                        y,
                        paint: Paint::Clear,
                    });
                    *cell = 0;
                }
                continue;
            };
            while last.next_if(|e| e.0 < pod.id).is_some() {}
            let (from, to, at) = match last.next_if(|e| e.0 == pod.id) {
                Some(&(_, _, to, _)) if to != pod.look => (to, pod.look, now_ms),
                Some(&(_, from, to, at)) => (from, to, at),
                None => (pod.look, pod.look, now_ms - FADE_MS),
            };
            seen.push((pod.id, from, to, at));
            let t = if reduced_motion || from == to {
                1.0
            } else {
                ((now_ms - at) / FADE_MS).clamp(0.0, 1.0)
            };
            animating |= t < 1.0;
            let step = (t * ALPHA_STEPS).round() as u8;
            let key = cell_key(from, to, step);
            if *cell == key {
                continue;
            }
            *cell = key;
            paints.push(CellPaint {
                x,
                y,
                paint: Paint::Fade {
                    from,
                    to,
                    alpha: step as f64 / ALPHA_STEPS,
                },
            });
        }
        cells.truncate(pods.len());
        self.cells = cells;
        self.looks = seen;
        (paints, animating)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn pod(id: PodId, look: PodLook) -> PodView {
        PodView {
            id,
            name: Rc::from(format!("web-{id}")),
            look,
            restarts: 0,
        }
    }

    #[test]
    fn only_changed_cells_are_redrawn_and_changes_fade_in_steps() {
        let mut m = CanvasModel::default();
        let pods: Vec<PodView> = (1..=5).map(|i| pod(i, PodLook::Pending)).collect();
        let (first, animating) = m.plan(&pods, 3, 0.0, false);
        assert_eq!(first.len(), 5, "a new canvas draws every pod");
        assert!(!animating, "new pods appear at once");
        assert_eq!(
            (first[4].x, first[4].y),
            (CELL, CELL),
            "5th pod: row 2, column 2"
        );
        let (again, _) = m.plan(&pods, 3, 16.0, false);
        assert!(again.is_empty(), "nothing changed, nothing is drawn");

        let mut changed = pods.clone();
        changed[1].look = PodLook::Available;
        let (start, animating) = m.plan(&changed, 3, 100.0, false);
        assert!(animating);
        assert_eq!(
            start,
            vec![CellPaint {
                x: CELL,
                y: 0.0,
                paint: Paint::Fade {
                    from: PodLook::Pending,
                    to: PodLook::Available,
                    alpha: 0.0
                }
            }]
        );
        let (mid, _) = m.plan(&changed, 3, 100.0 + FADE_MS / 2.0, false);
        assert_eq!(
            mid[0].paint,
            Paint::Fade {
                from: PodLook::Pending,
                to: PodLook::Available,
                alpha: 0.5
            }
        );
        let (end, animating) = m.plan(&changed, 3, 100.0 + FADE_MS, false);
        assert!(!animating);
        assert_eq!(
            end[0].paint,
            Paint::Fade {
                from: PodLook::Pending,
                to: PodLook::Available,
                alpha: 1.0
            }
        );
    }

    #[test]
    fn reduced_motion_skips_the_fade_and_removed_pods_are_cleared() {
        let mut m = CanvasModel::default();
        let pods: Vec<PodView> = (1..=4).map(|i| pod(i, PodLook::Ready)).collect();
        m.plan(&pods, 4, 0.0, true);
        let mut next = pods[1..].to_vec();
        next[0].look = PodLook::Terminating;
        let (paints, animating) = m.plan(&next, 4, 10.0, true);
        assert!(!animating);
        // Pod 1 left: every pod moved one cell left. Cells that show the same look
        // as before are not touched; the changed one and the emptied last one are.
        assert_eq!(paints.len(), 2);
        assert_eq!(
            paints[0].paint,
            Paint::Fade {
                from: PodLook::Ready,
                to: PodLook::Terminating,
                alpha: 1.0
            }
        );
        assert_eq!((paints[1].x, paints[1].paint), (3.0 * CELL, Paint::Clear));
        m.invalidate();
        let (all, _) = m.plan(&next, 4, 20.0, true);
        assert_eq!(all.len(), 3, "after invalidate every pod is drawn again");
    }

    #[test]
    fn the_pointer_finds_the_pod_under_it() {
        let width = CELL * 10.0 + 3.0;
        assert_eq!(grid(width, 25), (10, 8));
        assert_eq!(pod_at(width, 1.0, 1.0, 25), Some(0));
        assert_eq!(pod_at(width, CELL * 4.5, CELL * 2.5, 25), Some(24));
        assert_eq!(
            pod_at(width, CELL * 5.5, CELL * 2.5, 25),
            None,
            "past the last pod"
        );
        assert_eq!(
            pod_at(width, CELL * 10.5, 1.0, 25),
            None,
            "past the last column"
        );
    }
}
