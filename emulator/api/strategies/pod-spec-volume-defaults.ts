/**
 * The volume-source and field-selector defaults the generated SetObjectDefaults of core/v1
 * (pkg/apis/core/v1/zz_generated.defaults.go) runs over a PodSpec, from
 * pkg/apis/core/v1/defaults.go and the `+default` markers of k8s.io/api/core/v1/types.go:
 * SetDefaults_Volume (a volume without a source is an emptyDir), SetDefaults_HostPathVolumeSource
 * (type ""), SetDefaults_{Secret,ConfigMap,DownwardAPI,Projected}VolumeSource (defaultMode 420,
 * i.e. 0644), SetDefaults_ServiceAccountTokenProjection (expirationSeconds 3600),
 * SetDefaults_ObjectFieldSelector (apiVersion v1, in downward-API items and env fieldRefs),
 * SetDefaults_PersistentVolumeClaimSpec for ephemeral volumes (volumeMode Filesystem), and the
 * ISCSI, RBD, AzureDisk and ScaleIO field defaults. Pointer fields are defaulted when absent or
 * null, string fields also when empty, as Go's nil and "" checks do. Mutates in place.
 */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Secret/ConfigMap/DownwardAPI/ProjectedVolumeSourceDefaultMode (0644). */
const DEFAULT_MODE = 420;

/** SetDefaults_ObjectFieldSelector. */
function defaultFieldRef(fieldRef: unknown): void {
  if (isObj(fieldRef)) fieldRef.apiVersion ||= 'v1';
}

function defaultDownwardAPIItems(items: unknown): void {
  for (const item of objects(items)) defaultFieldRef(item.fieldRef);
}

/** The per-source defaults of one volume. */
function defaultVolume(volume: Json): void {
  // SetDefaults_Volume: every VolumeSource pointer nil → emptyDir (null sources, nil in Go,
  // are dropped as encoding the Go struct drops them).
  const sources = Object.keys(volume).filter((k) => k !== 'name');
  if (sources.every((k) => volume[k] === null || volume[k] === undefined)) {
    for (const k of sources) delete volume[k];
    volume.emptyDir = {};
  }
  const { hostPath, secret, configMap, downwardAPI, projected } = volume;
  if (isObj(hostPath)) hostPath.type ??= '';
  if (isObj(secret)) secret.defaultMode ??= DEFAULT_MODE;
  if (isObj(configMap)) configMap.defaultMode ??= DEFAULT_MODE;
  if (isObj(downwardAPI)) {
    downwardAPI.defaultMode ??= DEFAULT_MODE;
    defaultDownwardAPIItems(downwardAPI.items);
  }
  if (isObj(projected)) {
    projected.defaultMode ??= DEFAULT_MODE;
    for (const source of objects(projected.sources)) {
      if (isObj(source.downwardAPI)) defaultDownwardAPIItems(source.downwardAPI.items);
      if (isObj(source.serviceAccountToken)) source.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  const { iscsi, rbd, azureDisk, scaleIO, ephemeral } = volume;
  if (isObj(iscsi)) iscsi.iscsiInterface ||= 'default';
  if (isObj(rbd)) {
    rbd.pool ||= 'rbd';
    rbd.user ||= 'admin';
    rbd.keyring ||= '/etc/ceph/keyring';
  }
  if (isObj(azureDisk)) {
    azureDisk.cachingMode ??= 'ReadWrite';
    azureDisk.fsType ??= 'ext4';
    azureDisk.readOnly ??= false;
    azureDisk.kind ??= 'Shared';
  }
  if (isObj(scaleIO)) {
    scaleIO.storageMode ||= 'ThinProvisioned';
    scaleIO.fsType ||= 'xfs';
  }
  if (isObj(ephemeral) && isObj(ephemeral.volumeClaimTemplate)) {
    const template = ephemeral.volumeClaimTemplate;
    if (!isObj(template.spec)) template.spec = {};
    (template.spec as Json).volumeMode ??= 'Filesystem';
  }
}

/** The volume defaults of a PodSpec's `volumes`. */
export function defaultVolumes(volumes: unknown): void {
  for (const volume of objects(volumes)) defaultVolume(volume);
}

/** SetDefaults_ObjectFieldSelector on a container's `env[].valueFrom.fieldRef`. */
export function defaultEnvFieldRefs(env: unknown): void {
  for (const variable of objects(env))
    if (isObj(variable.valueFrom)) defaultFieldRef(variable.valueFrom.fieldRef);
}
