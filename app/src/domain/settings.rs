//! The on/off settings (sound, vibration, discreet mode) as a value: what
//! the phone's store keeps and the pages show.

use crate::domain::sync::SettingKey;

/// The on/off settings, with the defaults a new patient gets: sound and
/// vibration on, discreet mode on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub sound: bool,
    pub vibration: bool,
    pub discreet_mode: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            sound: true,
            vibration: true,
            discreet_mode: true,
        }
    }
}

impl Settings {
    pub fn get(&self, key: SettingKey) -> Option<bool> {
        match key {
            SettingKey::Sound => Some(self.sound),
            SettingKey::Vibration => Some(self.vibration),
            SettingKey::DiscreetMode => Some(self.discreet_mode),
            SettingKey::Language | SettingKey::ReducedMotion | SettingKey::Reminders => None,
        }
    }

    pub fn set(&mut self, key: SettingKey, value: bool) {
        match key {
            SettingKey::Sound => self.sound = value,
            SettingKey::Vibration => self.vibration = value,
            SettingKey::DiscreetMode => self.discreet_mode = value,
            SettingKey::Language | SettingKey::ReducedMotion | SettingKey::Reminders => {}
        }
    }
}
