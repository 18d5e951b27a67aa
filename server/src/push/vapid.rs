//! The server's VAPID identity (RFC 8292): a P-256 key pair made at the
//! first start and kept in the database, so every server process on it
//! signs with the same key and the phones' subscriptions stay valid across
//! restarts. Each push carries a short-lived token signed with it.

use crate::db::entities::push::push_key;
use base64ct::{Base64UrlUnpadded, Encoding};
use p256::SecretKey;
use p256::ecdsa::{Signature, SigningKey, signature::Signer};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

/// Who to write to about the pushes (RFC 8292's `sub`); push services
/// contact it only if something goes wrong.
const CONTACT: &str = "mailto:push@knip.invalid";
/// How long a token is good for (the RFC allows up to 24 hours).
const TOKEN_SECS: i64 = 12 * 60 * 60;

#[derive(Clone)]
pub struct Vapid {
    signing: SigningKey,
    /// The public key as the browser's `applicationServerKey` takes it:
    /// the uncompressed point, base64url without padding.
    public: String,
}

impl Vapid {
    /// Reads the key pair, or makes it if this is the first start. Two
    /// processes starting at once both insert; one row wins and both read it.
    pub async fn load_or_create<C: ConnectionTrait>(db: &C) -> Result<Vapid, DbErr> {
        if let Some(row) = push_key::Entity::find_by_id(1i16).one(db).await? {
            return Vapid::from_stored(&row.private_key);
        }
        let secret = new_secret()?;
        push_key::Entity::insert(push_key::ActiveModel {
            id: Set(1),
            private_key: Set(Base64UrlUnpadded::encode_string(&secret.to_bytes())),
            created_at: Set(time::OffsetDateTime::now_utc().unix_timestamp()),
        })
        .on_conflict(
            OnConflict::column(push_key::Column::Id)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        let row = push_key::Entity::find_by_id(1i16)
            .one(db)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("push_keys".into()))?;
        Vapid::from_stored(&row.private_key)
    }

    fn from_stored(private: &str) -> Result<Vapid, DbErr> {
        let bytes = Base64UrlUnpadded::decode_vec(private)
            .map_err(|_| DbErr::Custom("push_keys: the private key is not base64url".into()))?;
        let secret = SecretKey::from_slice(&bytes)
            .map_err(|_| DbErr::Custom("push_keys: not a P-256 private key".into()))?;
        let public = secret.public_key().to_encoded_point(false);
        Ok(Vapid {
            signing: SigningKey::from(secret),
            public: Base64UrlUnpadded::encode_string(public.as_bytes()),
        })
    }

    #[cfg(test)]
    fn for_tests() -> Vapid {
        let secret = new_secret().unwrap();
        Vapid::from_stored(&Base64UrlUnpadded::encode_string(&secret.to_bytes())).unwrap()
    }

    pub fn public_key(&self) -> &str {
        &self.public
    }

    /// The `Authorization` header for a push to `endpoint` sent at `now`
    /// (unix seconds): `vapid t=<signed token>, k=<public key>`.
    pub fn authorization(&self, endpoint: &url::Url, now: i64) -> String {
        let audience = endpoint.origin().ascii_serialization();
        let header = Base64UrlUnpadded::encode_string(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({"aud": audience, "exp": now + TOKEN_SECS, "sub": CONTACT});
        let claims = Base64UrlUnpadded::encode_string(claims.to_string().as_bytes());
        let signed = format!("{header}.{claims}");
        let signature: Signature = self.signing.sign(signed.as_bytes());
        let signature = Base64UrlUnpadded::encode_string(&signature.to_bytes());
        format!("vapid t={signed}.{signature}, k={}", self.public)
    }
}

/// 32 bytes from the system's random source that make a P-256 key (almost
/// all of them do; the rest are drawn again).
fn new_secret() -> Result<SecretKey, DbErr> {
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| DbErr::Custom(format!("no random bytes for the push key: {e}")))?;
        if let Ok(secret) = SecretKey::from_slice(&bytes) {
            return Ok(secret);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::{VerifyingKey, signature::Verifier};

    #[test]
    fn the_token_is_signed_by_the_public_key_and_names_the_push_service() {
        let vapid = Vapid::for_tests();
        let endpoint = url::Url::parse("https://push.example.net/send/abc?x=1").unwrap();
        let header = vapid.authorization(&endpoint, 1_000);
        let (token, key) = header
            .strip_prefix("vapid t=")
            .and_then(|rest| rest.split_once(", k="))
            .unwrap();
        assert_eq!(key, vapid.public_key());
        let (signed, signature) = token.rsplit_once('.').unwrap();
        let (_, claims) = signed.split_once('.').unwrap();
        let claims: serde_json::Value =
            serde_json::from_slice(&Base64UrlUnpadded::decode_vec(claims).unwrap()).unwrap();
        assert_eq!(claims["aud"], "https://push.example.net");
        assert_eq!(claims["exp"], 1_000 + TOKEN_SECS);
        let public = Base64UrlUnpadded::decode_vec(key).unwrap();
        let verifying = VerifyingKey::from_sec1_bytes(&public).unwrap();
        let signature =
            Signature::from_slice(&Base64UrlUnpadded::decode_vec(signature).unwrap()).unwrap();
        assert!(verifying.verify(signed.as_bytes(), &signature).is_ok());
        assert!(vapid.public_key().len() == 87, "65 bytes, base64url");
    }
}
