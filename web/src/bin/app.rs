//! The page's module: the wizard. It links none of the heavy crypto, which only the worker
//! module (`worker.rs`) runs, inside the page's Web Workers.

fn main() {
    yew::Renderer::<portcullis_web::App>::new().render();
}
