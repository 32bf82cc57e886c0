//! Code generated from proto/.

pub mod cache {
    tonic::include_proto!("labcloud.cache.v1");
}

pub mod elasticache {
    tonic::include_proto!("labcloud.elasticache.v1");
}

pub mod s3 {
    tonic::include_proto!("labcloud.s3.v1");
}

pub mod kinesis {
    tonic::include_proto!("labcloud.kinesis.v1");
}

/// Every labcloud service's descriptors, for the reflection service.
pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("labcloud_descriptor");
