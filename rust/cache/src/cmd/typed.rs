//! Typed access to a key's value: the collection at a key, WRONGTYPE if
//! the key holds something else, created empty on demand for writes (an
//! empty collection left behind is deleted after the command).

use crate::keyspace::{Keyspace, Now};
use crate::out::Error;
use crate::types::{Hash, List, Set, Value, ZSet};

use super::args::{WRONGTYPE, err};

macro_rules! typed {
    ($get:ident, $create:ident, $variant:ident, $t:ty) => {
        pub fn $get<'k>(ks: &'k mut Keyspace, key: &[u8], now: &Now) -> Result<Option<&'k mut $t>, Error> {
            match ks.get(key, now) {
                None => Ok(None),
                Some(e) => match &mut e.value {
                    Value::$variant(v) => Ok(Some(v)),
                    _ => Err(err(WRONGTYPE)),
                },
            }
        }

        pub fn $create<'k>(ks: &'k mut Keyspace, key: &[u8], now: &Now) -> Result<&'k mut $t, Error> {
            if $get(ks, key, now)?.is_none() {
                ks.set(key, Value::$variant(<$t>::default()), 0, false, now);
            }
            Ok($get(ks, key, now)?.expect("just created"))
        }
    };
}

typed!(hash, hash_or_new, Hash, Hash);
typed!(list, list_or_new, List, List);
typed!(set, set_or_new, Set, Set);
typed!(zset, zset_or_new, ZSet, ZSet);
