//! Ids made on the device: UUIDv7 for ops (time-ordered), a random device id.

use uuid::{Builder, Uuid};

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

pub fn new_op_id() -> Uuid {
    let millis = js_sys::Date::now() as u64;
    Builder::from_unix_timestamp_millis(millis, &random_bytes::<10>()).into_uuid()
}

pub fn new_device_id() -> Uuid {
    Builder::from_random_bytes(random_bytes::<16>()).into_uuid()
}

/// Now, as RFC 3339 in UTC with milliseconds.
pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}
