//! Build script: with the `transformer` feature, record libtorch's library folder in the
//! binary's run-time search path (rpath), so `gleaner` runs without LD_LIBRARY_PATH. torch-sys
//! reports the folder (from LIBTORCH, or from the Python environment with
//! LIBTORCH_USE_PYTORCH=1). Without the feature this does nothing.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if let Ok(dir) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
