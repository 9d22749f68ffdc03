//! The 长辈模式 switch: applies the remembered reading mode and toggles it.

use crate::reading_mode::{ReadingMode, ROOT_CLASS, STORAGE_KEY, TOGGLE_ID};
use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlElement, Storage};

pub fn install() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    // Storage may be unavailable (private mode, disabled cookies): the switch
    // then still works for the current page.
    let storage = window.local_storage().ok().flatten();
    let stored = storage
        .as_ref()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let mode = ReadingMode::from_stored(stored.as_deref());
    apply(&document, mode)?;

    let Some(button) = document.get_element_by_id(TOGGLE_ID) else {
        return Ok(());
    };
    let button: HtmlElement = button.dyn_into()?;
    show_state(&button, mode)?;
    button.set_hidden(false);

    let on_click = Closure::<dyn FnMut()>::new({
        let button = button.clone();
        move || {
            let next = current_mode(&document).toggled();
            let _ = apply(&document, next);
            let _ = show_state(&button, next);
            remember(storage.as_ref(), next);
        }
    });
    button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    // The listener lives as long as the page.
    on_click.forget();
    Ok(())
}

fn current_mode(document: &Document) -> ReadingMode {
    let large = document
        .document_element()
        .map(|root| root.class_list().contains(ROOT_CLASS))
        .unwrap_or(false);
    if large {
        ReadingMode::LargeText
    } else {
        ReadingMode::Standard
    }
}

fn apply(document: &Document, mode: ReadingMode) -> Result<(), JsValue> {
    let root = document.document_element().ok_or("no root element")?;
    root.class_list()
        .toggle_with_force(ROOT_CLASS, mode.is_large())
        .map(|_| ())
}

fn show_state(button: &HtmlElement, mode: ReadingMode) -> Result<(), JsValue> {
    button.set_attribute(
        "aria-pressed",
        if mode.is_large() { "true" } else { "false" },
    )
}

fn remember(storage: Option<&Storage>, mode: ReadingMode) {
    if let Some(storage) = storage {
        let _ = storage.set_item(STORAGE_KEY, mode.stored_value());
    }
}
