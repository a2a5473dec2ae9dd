//! The patched functions of burn-flex (vendor/README.md): its erf and exp against the exact
//! functions, and flex's GELU and gradient (through burn's API and autodiff), exp, softmax and
//! matrix products (written without zeroing first) against the exact formulas.
#![cfg(not(target_arch = "wasm32"))]
use burn::tensor::activation::{gelu, softmax};
use burn::tensor::{Device, Tensor, TensorData};
use burn_flex::ops::activation::{erf_fast_f32, exp_fast_f32, exp_nonpositive_f32};
use minima::engine::{block_on, read_floats};

/// Every 1/1000 over [-6, 6], and a few extremes.
fn grid() -> Vec<f32> {
    let mut xs: Vec<f32> = (-6000..=6000).map(|i| i as f32 / 1000.0).collect();
    xs.extend([-1e6, -40.0, -9.0, 9.0, 40.0, 1e6, 1e-7, -1e-7]);
    xs
}

fn exact_gelu(x: f64) -> f64 {
    0.5 * x * (1.0 + libm::erf(x / std::f64::consts::SQRT_2))
}

fn exact_gelu_grad(x: f64) -> f64 {
    let pdf = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
    0.5 * (1.0 + libm::erf(x / std::f64::consts::SQRT_2)) + x * pdf
}

#[test]
fn erf_is_within_1e_6_of_the_exact_function() {
    let worst = grid()
        .into_iter()
        .map(|x| ((erf_fast_f32(x) as f64 - libm::erf(x as f64)).abs(), x))
        .fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a });
    println!("erf: largest error {:.2e} at x = {}", worst.0, worst.1);
    assert!(worst.0 < 1e-6, "erf error {:.2e} at x = {}", worst.0, worst.1);
    assert!(erf_fast_f32(f32::NAN).is_nan());
}

#[test]
fn exp_is_within_3e_7_relative_for_the_arguments_gelu_uses() {
    for i in 0..=20_000 {
        let y = -(i as f32) * 0.005; // 0 down to -100
        let exact = (y as f64).exp();
        let got = exp_nonpositive_f32(y) as f64;
        if y < -87.0 {
            assert!(got == 0.0 || got < 1e-37, "e^{y} = {got}");
        } else {
            assert!(((got - exact) / exact).abs() < 3e-7, "e^{y}: {got} vs {exact}");
        }
    }
}

#[test]
fn flex_gelu_and_its_gradient_match_the_exact_formulas() {
    let device = Device::flex().autodiff();
    let xs = grid();
    let x = Tensor::<1>::from_data(TensorData::new(xs.clone(), [xs.len()]), &device).require_grad();
    let y = gelu(x.clone());
    let grads = y.clone().sum().backward();
    let values = block_on(read_floats(y)).unwrap();
    let slopes = block_on(read_floats(x.grad(&grads).unwrap())).unwrap();
    assert_eq!((values.len(), slopes.len()), (xs.len(), xs.len()));
    let (mut worst_value, mut worst_slope) = (0.0f64, 0.0f64);
    for ((&x, &v), &s) in xs.iter().zip(&values).zip(&slopes) {
        let (x, v, s) = (x as f64, v as f64, s as f64);
        // Relative beyond 1 in magnitude: GELU(x) ≈ x there.
        worst_value = worst_value.max((v - exact_gelu(x)).abs() / x.abs().max(1.0));
        worst_slope = worst_slope.max((s - exact_gelu_grad(x)).abs());
    }
    println!("flex GELU: largest error {worst_value:.2e}; gradient: {worst_slope:.2e}");
    assert!(worst_value < 2e-6, "GELU error {worst_value:.2e}");
    assert!(worst_slope < 2e-6, "GELU gradient error {worst_slope:.2e}");
}

#[test]
fn exp_is_within_3e_7_relative_everywhere_and_overflows_to_infinity() {
    for i in -17_400..=17_744 {
        let y = i as f32 * 0.005; // -87 to 88.72
        let exact = (y as f64).exp();
        let got = exp_fast_f32(y) as f64;
        assert!(((got - exact) / exact).abs() < 3e-7, "e^{y}: {got} vs {exact}");
    }
    // Subnormal results, as libm's, to within a few of their last bits.
    for y in [-88.0f32, -95.0, -100.0, -103.0] {
        let (got, exact) = (exp_fast_f32(y), y.exp());
        assert!((got - exact).abs() <= 4.0 * f32::from_bits(1), "e^{y}: {got:e} vs {exact:e}");
    }
    assert_eq!(exp_fast_f32(-105.0), 0.0);
    assert_eq!(exp_fast_f32(88.8), f32::INFINITY);
    assert_eq!(exp_fast_f32(f32::INFINITY), f32::INFINITY);
    assert_eq!(exp_fast_f32(f32::NEG_INFINITY), 0.0);
    assert!(exp_fast_f32(f32::NAN).is_nan());
}

#[test]
fn flex_exp_and_softmax_match_the_exact_formulas() {
    let device = Device::flex();
    // Rows of 31 (path-star's attention), with masked (-inf) entries as a causal mask makes.
    let (rows, len) = (64, 31);
    let xs: Vec<f32> = (0..rows * len)
        .map(|i| {
            if i % len > i / len % len + 3 { f32::NEG_INFINITY } else { ((i * 37 % 101) as f32 - 50.0) / 5.0 }
        })
        .collect();
    let exps =
        block_on(read_floats(Tensor::<1>::from_data(TensorData::new(xs.clone(), [xs.len()]), &device).exp()))
            .unwrap();
    for (&x, &e) in xs.iter().zip(&exps) {
        let exact = (x as f64).exp();
        assert!((e as f64 - exact).abs() <= 3e-7 * exact, "e^{x}: {e} vs {exact}");
    }
    let probabilities = softmax(Tensor::<2>::from_data(TensorData::new(xs.clone(), [rows, len]), &device), 1);
    let probabilities = block_on(read_floats(probabilities)).unwrap();
    let mut worst = 0.0f64;
    for (row, got) in xs.chunks(len).zip(probabilities.chunks(len)) {
        let max = row.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x as f64));
        let sum: f64 = row.iter().map(|&x| (x as f64 - max).exp()).sum();
        for (&x, &p) in row.iter().zip(got) {
            worst = worst.max((p as f64 - (x as f64 - max).exp() / sum).abs());
        }
    }
    println!("flex softmax: largest error {worst:.2e}");
    assert!(worst < 1e-6, "softmax error {worst:.2e}");
}

#[test]
fn flex_matmul_writes_every_output_element_without_zeroing_first() {
    let device = Device::flex();
    let naive = |a: &[f32], b: &[f32], (m, k, n): (usize, usize, usize)| -> Vec<f32> {
        (0..m * n).map(|i| (0..k).map(|j| a[i / n * k + j] * b[j * n + i % n]).sum()).collect()
    };
    for (batch, m, k, n) in [(1, 7, 5, 3), (3, 31, 16, 31), (2, 64, 64, 130), (2, 4, 0, 3)] {
        let a: Vec<f32> = (0..batch * m * k).map(|i| ((i * 37 % 101) as f32 - 50.0) / 25.0).collect();
        let b: Vec<f32> = (0..batch * k * n).map(|i| ((i * 53 % 97) as f32 - 48.0) / 24.0).collect();
        let lhs = Tensor::<3>::from_data(TensorData::new(a.clone(), [batch, m, k]), &device);
        let rhs = Tensor::<3>::from_data(TensorData::new(b.clone(), [batch, k, n]), &device);
        let got = block_on(read_floats(lhs.matmul(rhs))).unwrap();
        let want: Vec<f32> = (0..batch)
            .flat_map(|i| naive(&a[i * m * k..(i + 1) * m * k], &b[i * k * n..(i + 1) * k * n], (m, k, n)))
            .collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-4 * (1.0 + w.abs()), "[{batch}, {m}, {k}, {n}]: {g} vs {w}");
        }
        // The 2-D path too.
        let lhs = Tensor::<2>::from_data(TensorData::new(a[..m * k].to_vec(), [m, k]), &device);
        let rhs = Tensor::<2>::from_data(TensorData::new(b[..k * n].to_vec(), [k, n]), &device);
        let got = block_on(read_floats(lhs.matmul(rhs))).unwrap();
        assert_eq!(got.len(), m * n);
        for (g, w) in got.iter().zip(&want[..m * n]) {
            assert!((g - w).abs() <= 1e-4 * (1.0 + w.abs()), "[{m}, {k}, {n}]: {g} vs {w}");
        }
    }
}
