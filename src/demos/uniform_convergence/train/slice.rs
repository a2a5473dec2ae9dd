//! Slices: a trained network's decision surface on the plane through the origin, a training point
//! x (hence also its projection x′, on the same ray) and a second training point z. The picture
//! that explains the result: the boundary bends around each training point, so that its
//! projection lands on the wrong side.

use crate::data::Labelled;
use crate::demos::uniform_convergence::{GRID, SliceSurface, cell_centres};
use crate::engine::{EngineError, read_floats};
use crate::models::mlp::BatchedMlp;
use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};

/// The plane of a slice: an orthonormal basis (u along x) and the points drawn on it.
pub struct Plane {
    /// Unit vector along x, `[d]`.
    pub u: Vec<f32>,
    /// Unit vector orthogonal to u in the plane of x and z, `[d]`.
    pub v: Vec<f32>,
    /// x, x′ and z in plane coordinates, with their labels (x′ with its flipped label).
    pub points: Vec<(f32, f32, u8)>,
}

impl Plane {
    /// The plane through training points `point` and `other` of `train`; `radii` place x′.
    pub fn through(train: &Labelled, point: usize, other: usize, radii: [f32; 2]) -> Self {
        let (x, z) = (train.row(point), train.row(other));
        let norm = |a: &[f32]| a.iter().map(|v| v * v).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
        let u: Vec<f32> = x.iter().map(|a| a / norm(x)).collect();
        let along: f32 = z.iter().zip(&u).map(|(a, b)| a * b).sum();
        let rest: Vec<f32> = z.iter().zip(&u).map(|(a, b)| a - along * b).collect();
        let v: Vec<f32> = rest.iter().map(|a| a / norm(&rest)).collect();
        let across: f32 = z.iter().zip(&v).map(|(a, b)| a * b).sum();
        let label = train.labels[point];
        let points = vec![
            (norm(x), 0.0, label),
            (radii[1 - usize::from(label)], 0.0, 1 - label),
            (along, across, train.labels[other]),
        ];
        Self { u, v, points }
    }

    /// The inputs of the grid's cells (rows from the top, each from the left) followed by the
    /// three points: `[grid² + 3, d]`, row-major.
    pub fn inputs(&self, view: f32) -> Vec<f32> {
        let centres = cell_centres(GRID, view);
        let at = |a: f32, b: f32| self.u.iter().zip(&self.v).map(move |(u, v)| a * u + b * v);
        let mut inputs = Vec::with_capacity((GRID * GRID + 3) * self.u.len());
        for &b in centres.iter().rev() {
            for &a in &centres {
                inputs.extend(at(a, b));
            }
        }
        for &(a, b, _) in &self.points {
            inputs.extend(at(a, b));
        }
        inputs
    }
}

/// One network's surface on the plane: class-1 probabilities of the cells, classes of the points.
pub async fn surface(
    model: &BatchedMlp,
    inputs: &[f32],
    dim: usize,
    train_size: usize,
    device: &Device,
) -> Result<SliceSurface, EngineError> {
    let rows = inputs.len() / dim;
    // Without autodiff: no graph is kept for a backward pass that never comes.
    let device = &device.clone().without_autodiff();
    let x = Tensor::<3>::from_data(TensorData::new(inputs.to_vec(), [1, rows, dim]), device);
    let logits = model.valid().forward(x); // [1, rows, 2]
    let [z0, z1] = [0, 1].map(|k| logits.clone().narrow(2, k, 1));
    let p1 = burn::tensor::activation::sigmoid(z1 - z0); // softmax of two logits, class 1
    let p1 = read_floats(p1).await?;
    let cells = GRID * GRID;
    let predicted = p1[cells..].iter().map(|&p| u8::from(p > 0.5)).collect();
    Ok(SliceSurface { train_size, values: p1[..cells].to_vec(), predicted })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::spheres::Spheres;

    #[test]
    fn the_plane_holds_x_its_projection_and_z() {
        let spheres = Spheres { dim: 20, radii: [1.0, 1.2] };
        let train = spheres.sample(0, "train", 4);
        let plane = Plane::through(&train, 0, 1, spheres.radii);
        let dot: f32 = plane.u.iter().zip(&plane.v).map(|(a, b)| a * b).sum();
        assert!(dot.abs() < 1e-5, "u ⊥ v: {dot}");
        // x (class 0) at (1, 0); x′ at (1.2, 0) labelled 1; z (class 1) on the circle of 1.2.
        assert_eq!(plane.points[0].2, 0);
        assert!((plane.points[0].0 - 1.0).abs() < 1e-5 && plane.points[0].1 == 0.0);
        assert_eq!((plane.points[1].0, plane.points[1].2), (1.2, 1));
        let (a, b, label) = plane.points[2];
        assert_eq!(label, 1);
        assert!(((a * a + b * b).sqrt() - 1.2).abs() < 1e-4, "z lies in the plane");
        // The last rows of the inputs are x itself and z itself.
        let inputs = plane.inputs(1.5);
        let rows = inputs.len() / 20;
        assert_eq!(rows, GRID * GRID + 3);
        let row = |r: usize| &inputs[r * 20..(r + 1) * 20];
        assert!(row(rows - 3).iter().zip(train.row(0)).all(|(a, b)| (a - b).abs() < 1e-5));
        assert!(row(rows - 1).iter().zip(train.row(1)).all(|(a, b)| (a - b).abs() < 1e-4));
    }
}
