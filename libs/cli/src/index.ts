export * from './cli';
export { Cluster, repositoryRoot, type ClusterMember, type ClusterOptions } from './cluster/cluster';
export { migrateAll, seedDemo } from './cluster/demo';
export { clusterValues } from './cluster/run-cluster';
export { clusterTopology, mergeValues, type ClusterProcess } from './cluster/topology';
