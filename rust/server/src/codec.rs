//! A gRPC codec over already-serialized messages, so one generic client can
//! call any labcloud method (Python serializes requests and parses responses
//! with the generated protobuf classes), and one generic service can answer
//! methods implemented in Python (the control plane).
//!
//! Streamed bodies follow labcloud's convention: after the first message,
//! each message is `oneof payload { ...; bytes chunk = 2; }`, so a chunk is
//! field 2 with wire type 2. The codec writes and reads that framing itself,
//! sparing a copy of the body through Python.

use bytes::{Buf, BufMut, Bytes};
use tonic::Status;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

/// An outgoing message.
pub enum Frame {
    /// A message serialized by the caller.
    Raw(Bytes),
    /// Body bytes, wrapped as the `chunk` field.
    Chunk(Bytes),
}

const CHUNK_TAG: u8 = (2 << 3) | 2;

#[derive(Default, Clone, Copy)]
pub struct RawCodec;

pub struct RawEncoder;
pub struct RawDecoder;

impl Codec for RawCodec {
    type Encode = Frame;
    type Decode = Bytes;
    type Encoder = RawEncoder;
    type Decoder = RawDecoder;
    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }
    fn decoder(&mut self) -> RawDecoder {
        RawDecoder
    }
}

impl Encoder for RawEncoder {
    type Item = Frame;
    type Error = Status;
    fn encode(&mut self, item: Frame, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        match item {
            Frame::Raw(b) => dst.put(b),
            Frame::Chunk(b) => {
                dst.put_u8(CHUNK_TAG);
                let mut n = b.len() as u64;
                while n >= 0x80 {
                    dst.put_u8((n as u8) | 0x80);
                    n >>= 7;
                }
                dst.put_u8(n as u8);
                dst.put(b);
            }
        }
        Ok(())
    }
}

impl Decoder for RawDecoder {
    type Item = Bytes;
    type Error = Status;
    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}

/// The first message of a download stream: `oneof { Head head = 1; ... }`
/// whose head's field 1 is the body's length (`content_length`), the
/// convention every labcloud download follows.
#[derive(Clone, PartialEq, prost::Message)]
struct DownloadHead {
    #[prost(message, optional, tag = "1")]
    head: Option<HeadLength>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct HeadLength {
    #[prost(int64, tag = "1")]
    content_length: i64,
}

/// The body length a download's first message announces.
pub fn body_length(first: &[u8]) -> Result<usize, Status> {
    use prost::Message;
    let h = DownloadHead::decode(first).map_err(|e| Status::internal(format!("malformed first message: {e}")))?;
    let n = h.head.map_or(0, |h| h.content_length);
    usize::try_from(n).map_err(|_| Status::internal(format!("negative body length {n}")))
}

/// The body bytes of a `chunk` message, or `None` if it is something else.
pub fn chunk_payload(msg: &Bytes) -> Option<Bytes> {
    if msg.first() != Some(&CHUNK_TAG) {
        return None;
    }
    let (mut len, mut shift, mut i) = (0u64, 0u32, 1usize);
    loop {
        let b = *msg.get(i)?;
        len |= ((b & 0x7f) as u64) << shift;
        i += 1;
        if b < 0x80 {
            break;
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
    (msg.len() - i == len as usize).then(|| msg.slice(i..))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_frames_parse_as_the_generated_messages_write_them() {
        use crate::proto::s3 as pb;
        use prost::Message;
        for n in [0usize, 1, 127, 128, 300, 1 << 20] {
            let data = Bytes::from(vec![7u8; n]);
            let m = pb::GetObjectResponse {
                payload: Some(pb::get_object_response::Payload::Chunk(data.clone())),
            };
            let wire = Bytes::from(m.encode_to_vec());
            // An empty oneof bytes field still encodes (presence is explicit).
            assert_eq!(chunk_payload(&wire), Some(data), "{n}");
        }
        let head = pb::GetObjectResponse {
            payload: Some(pb::get_object_response::Payload::Head(Default::default())),
        };
        assert_eq!(chunk_payload(&Bytes::from(head.encode_to_vec())), None);
    }

    #[test]
    fn body_length_reads_the_heads_content_length() {
        use crate::proto::s3 as pb;
        use prost::Message;
        let head = pb::GetObjectResponse {
            payload: Some(pb::get_object_response::Payload::Head(pb::ObjectHead {
                content_length: 123_456_789,
                etag: "\"x\"".into(),
                ..Default::default()
            })),
        };
        assert_eq!(body_length(&head.encode_to_vec()).unwrap(), 123_456_789);
    }
}
